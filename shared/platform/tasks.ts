import { createRequire } from 'node:module';
import type * as TasksModule from '@google-cloud/tasks' with { 'resolution-mode': 'require' };
import type { Config } from '../config';
import { GrpcStatus, hasCode } from './grpc';

/*
 * @google-cloud/tasks ships its CommonJS build with ESM-format typings (`.d.ts` inside a
 * `"type": "module"` package), so TypeScript refuses a static import from CommonJS code. The types
 * come from the type-only import above; the runtime value from the package's CommonJS build,
 * loaded when a client is first built (it is ~350 modules; most functions never enqueue).
 */
const tasksClientClass = () =>
  (createRequire(__filename)('@google-cloud/tasks') as typeof TasksModule).CloudTasksClient;

export type CloudTasksClient = TasksModule.CloudTasksClient;

/** The part of the configuration Cloud Tasks needs; tests pass their own. */
export type TasksConfig = Pick<
  Config,
  'projectId' | 'tasksLocation' | 'tasksInvoker' | 'tasksEmulatorHost'
>;

/**
 * A Cloud Tasks client for `config`. In the cloud it is the default client (gRPC, Application
 * Default Credentials). With `CLOUD_TASKS_EMULATOR_HOST` it speaks REST over plain HTTP to the
 * local emulator; the API key makes google-auth-library send a fixed header instead of looking
 * for Google credentials, which a developer machine or CI does not have.
 */
export function createTasksClient(config: TasksConfig): CloudTasksClient {
  const TasksClientClass = tasksClientClass();
  if (!config.tasksEmulatorHost) return new TasksClientClass({ projectId: config.projectId });
  const endpoint = new URL(`http://${config.tasksEmulatorHost}`);
  if (!endpoint.port) {
    throw new Error(`CLOUD_TASKS_EMULATOR_HOST must be host:port, got ${config.tasksEmulatorHost}`);
  }
  return new TasksClientClass({
    projectId: config.projectId,
    fallback: 'rest',
    protocol: 'http',
    apiEndpoint: endpoint.hostname,
    port: Number(endpoint.port),
    apiKey: 'cloud-tasks-emulator',
  });
}

export function queuePath(queue: string, config: TasksConfig): string {
  return `projects/${config.projectId}/locations/${config.tasksLocation}/queues/${queue}`;
}

export interface HttpTaskInput {
  queue: string;
  /**
   * Task id (letters, digits, `-`, `_`). Naming a task makes enqueueing idempotent: Cloud Tasks
   * refuses a second task with the same name while the first exists and for ~1 hour after it
   * ran or was deleted.
   */
  name?: string;
  url: string;
  /** Sent as the JSON request body. */
  body: unknown;
  /** When to dispatch; now when absent or past. */
  scheduleTime?: Date;
  /** Attach an OIDC token for the tasks-invoker service account (default true). */
  oidc?: boolean;
}

export interface EnqueueResult {
  /** Full task name, `projects/…/queues/…/tasks/…`. */
  name: string;
  /** False when a task with this name already exists or existed recently. */
  created: boolean;
}

export interface EnqueueDeps {
  client: CloudTasksClient;
  config: TasksConfig;
}

/** Creates an HTTP task whose body is `input.body` as JSON. */
export async function enqueueHttpTask(
  input: HttpTaskInput,
  deps: EnqueueDeps,
): Promise<EnqueueResult> {
  const { config, client: tasks } = deps;
  const parent = queuePath(input.queue, config);
  const name = input.name === undefined ? undefined : `${parent}/tasks/${input.name}`;
  const scheduleMs = input.scheduleTime?.getTime();
  try {
    const [task] = await tasks.createTask({
      parent,
      task: {
        ...(name ? { name } : {}),
        ...(scheduleMs === undefined
          ? {}
          : {
              scheduleTime: {
                seconds: Math.floor(scheduleMs / 1000),
                nanos: (((scheduleMs % 1000) + 1000) % 1000) * 1_000_000,
              },
            }),
        httpRequest: {
          url: input.url,
          httpMethod: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(input.body)),
          ...(input.oidc === false
            ? {}
            : { oidcToken: { serviceAccountEmail: config.tasksInvoker, audience: input.url } }),
        },
      },
    });
    if (!task.name) throw new Error('Cloud Tasks returned a task without a name');
    return { name: task.name, created: true };
  } catch (err) {
    // The task name is taken: the task exists, or existed within about an hour.
    if (name && hasCode(err, GrpcStatus.ALREADY_EXISTS)) return { name, created: false };
    throw err;
  }
}

/** Enqueues tasks with one client and configuration: what use cases are handed. */
export class TaskQueue {
  constructor(private readonly deps: EnqueueDeps) {}

  enqueue(input: HttpTaskInput): Promise<EnqueueResult> {
    return enqueueHttpTask(input, this.deps);
  }
}
