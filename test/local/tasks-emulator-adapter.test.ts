/**
 * The platform adapter as product code uses it: a client and a task queue built from the
 * configuration (as the composition root builds them), idempotent enqueueing; and the
 * production client when no emulator is configured.
 */
import { startTasksEmulator, type TasksEmulator } from '../../infra/local/tasks-emulator';
import { parseConfig, type Config } from '../../shared/config';
import {
  createTasksClient,
  queuePath,
  TaskQueue,
  type CloudTasksClient,
} from '../../shared/platform/tasks';

const PROJECT = 'demo-adapter';
const LOCATION = 'europe-west1';
const INVOKER = `tasks-invoker@${PROJECT}.iam.gserviceaccount.com`;
const QUEUE_PARENT = `projects/${PROJECT}/locations/${LOCATION}/queues/uploads`;

let emulator: TasksEmulator;
let config: Config;
let client: CloudTasksClient;
let queue: TaskQueue;

beforeAll(async () => {
  emulator = await startTasksEmulator({
    port: 0,
    projectId: PROJECT,
    location: LOCATION,
    queues: [
      {
        name: 'uploads',
        maxDispatchesPerSecond: 10,
        maxConcurrentDispatches: 5,
        maxAttempts: 3,
        minBackoffSeconds: 1,
        maxBackoffSeconds: 10,
      },
    ],
  });
  config = parseConfig({
    GOOGLE_CLOUD_PROJECT: PROJECT,
    PATHWISE_TASKS_LOCATION: LOCATION,
    PATHWISE_TASKS_INVOKER: INVOKER,
    CLOUD_TASKS_EMULATOR_HOST: emulator.host,
  });
  client = createTasksClient(config);
  queue = new TaskQueue({ client, config });
});

afterAll(async () => {
  await client.close();
  await emulator.stop();
});

beforeEach(() => emulator.reset());

it('builds a client from the configuration that reaches the emulator', async () => {
  expect(emulator.host).toBe(`127.0.0.1:${emulator.port}`);
  expect(queuePath('uploads', config)).toBe(QUEUE_PARENT);
  const [found] = await client.getQueue({ name: QUEUE_PARENT });
  expect(found.name).toBe(QUEUE_PARENT);
});

it('enqueues a JSON task with an OIDC token for the invoker, once per name', async () => {
  const url = 'http://127.0.0.1:9/tasks/expireUpload';
  const scheduleTime = new Date(Date.now() + 3_600_000);
  const input = {
    queue: 'uploads',
    name: 'expire-u-42',
    url,
    body: { uploadId: 'u-42' },
    scheduleTime,
  };

  const first = await queue.enqueue(input);
  expect(first).toEqual({ name: `${QUEUE_PARENT}/tasks/expire-u-42`, created: true });
  expect(await queue.enqueue(input)).toEqual({ name: first.name, created: false });

  const [task] = await client.getTask({ name: first.name, responseView: 'FULL' });
  expect(task.httpRequest).toMatchObject({
    url,
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/json' },
    oidcToken: { serviceAccountEmail: INVOKER, audience: url },
  });
  expect(JSON.parse(Buffer.from(task.httpRequest?.body ?? '').toString())).toEqual({
    uploadId: 'u-42',
  });
  expect(Number(task.scheduleTime?.seconds) * 1000 + (task.scheduleTime?.nanos ?? 0) / 1e6).toBe(
    scheduleTime.getTime(),
  );
});

it('leaves the OIDC token out when asked and names unnamed tasks itself', async () => {
  const result = await queue.enqueue({
    queue: 'uploads',
    url: 'http://127.0.0.1:9/tasks/x',
    body: [1, 2, 3],
    scheduleTime: new Date(Date.now() + 60_000),
    oidc: false,
  });
  expect(result.created).toBe(true);
  expect(result.name).toMatch(new RegExp(`^${QUEUE_PARENT}/tasks/\\d+$`));
  const [task] = await client.getTask({ name: result.name });
  expect(task.httpRequest?.oidcToken).toBeFalsy();
});

it('passes other errors through', async () => {
  await expect(
    queue.enqueue({ queue: 'no-such-queue', url: 'http://127.0.0.1:9/', body: {} }),
  ).rejects.toMatchObject({ code: 5 });
});

it('uses the production endpoint when no emulator is configured', async () => {
  const production = createTasksClient(parseConfig({ GOOGLE_CLOUD_PROJECT: 'pathwise-prod' }));
  expect(production.apiEndpoint).toBe('cloudtasks.googleapis.com');
  await production.close();
  expect(() =>
    createTasksClient(
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'p', CLOUD_TASKS_EMULATOR_HOST: 'localhost' }),
    ),
  ).toThrow(/host:port/);
});
