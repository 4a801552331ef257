/**
 * The Cloud Tasks emulator on a state directory, stopped and started again on the same port:
 * waiting tasks keep their schedule, tasks cut off mid-dispatch are dispatched again with their
 * attempt count, paused queues stay paused and finished names stay taken.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTasksEmulator, type TasksEmulator } from '../../infra/local/tasks-emulator';
import { parseConfig } from '../../shared/config';
import {
  createTasksClient,
  queuePath,
  type CloudTasksClient,
  type TasksConfig,
} from '../../shared/platform/tasks';
import { until } from '../helpers/wait';

const PROJECT = 'demo-tasks-restart';
const LOCATION = 'us-central1';
const QUEUE = {
  name: 'work',
  maxDispatchesPerSecond: 500,
  maxConcurrentDispatches: 5,
  maxAttempts: 10,
  minBackoffSeconds: 1,
  maxBackoffSeconds: 2,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  task: string;
  retryCount: number;
}

/** The handler: answers after `delayMs`; a task counts as done once it answered 200. */
const target = {
  delayMs: 0,
  received: [] as Delivery[],
  done: new Map<string, number>(),
  inFlight: 0,
};

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

let server: Server;
let origin: string;
let stateDir: string;
let port: number;
let emulator: TasksEmulator;
let client: CloudTasksClient;
let config: TasksConfig;

const start = async (on = port) =>
  startTasksEmulator({
    port: on,
    projectId: PROJECT,
    location: LOCATION,
    backoffScale: 0.05,
    queues: [QUEUE],
    stateDir,
  });

async function restart(): Promise<void> {
  await emulator.stop();
  emulator = await start();
}

async function createTask(id: string, scheduleInMs = 0): Promise<void> {
  const at = Date.now() + scheduleInMs;
  await client.createTask({
    parent: queuePath(QUEUE.name, config),
    task: {
      name: `${queuePath(QUEUE.name, config)}/tasks/${id}`,
      httpRequest: { url: `${origin}/run`, httpMethod: 'POST', body: Buffer.from(id) },
      ...(scheduleInMs > 0
        ? { scheduleTime: { seconds: Math.floor(at / 1000), nanos: (at % 1000) * 1e6 } }
        : {}),
    },
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const task = header(req, 'x-cloudtasks-taskname');
    target.received.push({ task, retryCount: Number(header(req, 'x-cloudtasks-taskretrycount')) });
    target.inFlight += 1;
    setTimeout(() => {
      target.inFlight -= 1;
      // Closed by the emulator's stop meanwhile: the answer reaches nobody.
      if (res.destroyed) return;
      target.done.set(task, (target.done.get(task) ?? 0) + 1);
      res.writeHead(200).end('ok');
    }, target.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stateDir = mkdtempSync(path.join(tmpdir(), 'tasks-restart-'));
  emulator = await start(0);
  port = emulator.port;
  config = parseConfig({
    GOOGLE_CLOUD_PROJECT: PROJECT,
    PATHWISE_TASKS_LOCATION: LOCATION,
    PATHWISE_TASKS_INVOKER: `tasks-invoker@${PROJECT}.iam.gserviceaccount.com`,
    CLOUD_TASKS_EMULATOR_HOST: emulator.host,
  });
  client = createTasksClient(config);
});

afterAll(async () => {
  await client.close();
  await emulator.stop();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(stateDir, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
  target.delayMs = 0;
  target.received = [];
  target.done.clear();
});

describe('a restarted Tasks emulator', () => {
  it('runs every task to completion: those waiting, scheduled later and cut off mid-dispatch', async () => {
    target.delayMs = 400;
    const now = Array.from({ length: 12 }, (_, i) => `now-${i}`);
    const later = Array.from({ length: 4 }, (_, i) => `later-${i}`);
    for (const id of now) await createTask(id);
    for (const id of later) await createTask(id, 1500);
    // Five dispatches in flight (the queue's limit), seven waiting, four not due yet.
    await until(() => target.inFlight === QUEUE.maxConcurrentDispatches);
    const cutOff = target.received.map((d) => d.task);
    await restart();
    await emulator.idle();
    await until(() => target.done.size === 16);

    expect([...target.done.keys()].sort()).toEqual([...now, ...later].sort());
    // The dispatches the stop cut off were made again, counting the attempt that was lost.
    for (const task of cutOff) {
      const retries = target.received.filter((d) => d.task === task).map((d) => d.retryCount);
      expect(retries).toEqual([0, 1]);
    }
    // Nothing else was dispatched twice.
    const others = target.received.filter((d) => !cutOff.includes(d.task));
    expect(others).toHaveLength(16 - cutOff.length);
    // Every finished name stays taken (a tombstone file each), across restarts too.
    expect(readdirSync(path.join(stateDir, 'tasks')).length).toBe(16);
  });

  it('keeps a paused queue paused and a finished name taken', async () => {
    await createTask('named-once');
    await until(() => target.done.has('named-once'));
    await client.pauseQueue({ name: queuePath(QUEUE.name, config) });
    await createTask('while-paused');
    await restart();

    const [queue] = await client.getQueue({ name: queuePath(QUEUE.name, config) });
    expect(queue.state).toBe('PAUSED');
    await sleep(200);
    expect(target.done.has('while-paused')).toBe(false);
    await expect(createTask('named-once')).rejects.toMatchObject({ code: 6 });

    await client.resumeQueue({ name: queuePath(QUEUE.name, config) });
    await until(() => target.done.has('while-paused'));
    expect(target.done.get('named-once')).toBe(1);
  });

  it('ignores a state file the stopped process was still writing', async () => {
    await client.pauseQueue({ name: queuePath(QUEUE.name, config) });
    await createTask('kept');
    await emulator.stop();
    writeFileSync(path.join(stateDir, 'tasks', 'half-written.json.1234.tmp'), '{"name":');
    emulator = await start();
    const [tasks] = await client.listTasks({ parent: queuePath(QUEUE.name, config) });
    expect(tasks.map((t) => t.name?.split('/').pop())).toEqual(['kept']);
    expect(readdirSync(path.join(stateDir, 'tasks')).some((f) => f.endsWith('.tmp'))).toBe(false);
    await client.resumeQueue({ name: queuePath(QUEUE.name, config) });
  });
});
