/**
 * A Cloud Tasks emulator for the local stack: the v2 REST surface `@google-cloud/tasks` uses in
 * REST fallback mode, with the manifest's queues, real dispatch at schedule time, retries with
 * backoff, rate and concurrency limits, and OIDC tokens handlers can verify. Point the adapter at
 * it with `CLOUD_TASKS_EMULATOR_HOST=<emulator.host>`. See README.md for what is emulated.
 */
import type { Server } from 'node:http';
import { createOidcSigner, type OidcSigner } from '../oidc';
import { TaskJournal } from './journal';
import { limits } from './resources';
import { close, listen } from './server';
import { TasksService, type QueueConfig } from './service';

/** A queue of the emulator: its name and its rate and retry configuration. */
export type TasksEmulatorQueue = QueueConfig;

export interface TasksEmulatorOptions {
  port: number; // 0 = pick a free port
  host?: string; // default 127.0.0.1
  projectId: string;
  location: string;
  queues: TasksEmulatorQueue[]; // structurally the same as ManifestQueue
  /** Deadline of a dispatch when the task sets no `dispatchDeadline`; 10 minutes by default. */
  dispatchTimeoutMs?: number;
  /** Scale every backoff (tests use e.g. 0.01 so a 10 s backoff takes 100 ms). */
  backoffScale?: number;
  /** Mints the OIDC tokens of tasks; the local stack shares one signer; a fresh one if absent. */
  signer?: OidcSigner;
  /**
   * Keep tasks and queue states in this directory, so an emulator started later on the same
   * directory resumes them (see journal.ts); memory only when absent.
   */
  stateDir?: string;
}

export interface TasksEmulator {
  readonly host: string; // "127.0.0.1:PORT" — what CLOUD_TASKS_EMULATOR_HOST is set to
  readonly port: number;
  readonly oidcPublicKeyPem: string;
  idle(): Promise<void>; // resolves when no task is scheduled or in flight
  reset(): void; // drop all tasks, keep queues
  stop(): Promise<void>; // with a stateDir, the tasks stay there for the next emulator
}

export async function startTasksEmulator(options: TasksEmulatorOptions): Promise<TasksEmulator> {
  const backoffScale = options.backoffScale ?? 1;
  if (!(backoffScale >= 0)) throw new Error('backoffScale must be ≥ 0');
  const dispatchTimeoutMs = options.dispatchTimeoutMs ?? limits.defaultDispatchDeadlineMs;
  if (!(dispatchTimeoutMs > 0)) throw new Error('dispatchTimeoutMs must be > 0');
  const signer = options.signer ?? (await createOidcSigner());
  const service = new TasksService({
    projectId: options.projectId,
    location: options.location,
    queues: options.queues,
    signer,
    dispatchTimeoutMs,
    backoffScale,
    ...(options.stateDir ? { journal: new TaskJournal(options.stateDir) } : {}),
  });
  const bindHost = options.host ?? '127.0.0.1';
  const { server, port } = await listen(service, signer, options.port, bindHost);
  const hostPart = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  let stopped: Promise<void> | undefined;

  return {
    host: `${hostPart}:${port}`,
    port,
    oidcPublicKeyPem: signer.publicKeyPem,
    idle: () => service.idle(),
    reset: () => service.reset(),
    stop: () => {
      stopped ??= stopServer(service, server);
      return stopped;
    },
  };
}

async function stopServer(service: TasksService, server: Server): Promise<void> {
  service.stop();
  await close(server);
}

export { OIDC_PATHS } from './server';
export { OIDC_ISSUER } from '../oidc';
