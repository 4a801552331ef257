/**
 * The Cloud Tasks emulator driven only through `@google-cloud/tasks` (as built by the platform
 * adapter), dispatching to targets served by functions-framework.
 */
import { verify } from 'node:crypto';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { OAuth2Client } from 'google-auth-library';
import { startTasksEmulator, type TasksEmulator } from '../../infra/local/tasks-emulator';
import { parseConfig } from '../../shared/config';
import {
  createTasksClient,
  enqueueHttpTask,
  queuePath,
  type CloudTasksClient,
  type TasksConfig,
} from '../../shared/platform/tasks';

const PROJECT = 'demo-tasks';
const LOCATION = 'us-central1';
const INVOKER = `tasks-invoker@${PROJECT}.iam.gserviceaccount.com`;
const BACKOFF_SCALE = 0.05;

interface Received {
  at: number;
  method: string;
  url: string;
  headers: Request['headers'];
  body: string;
}

type Behaviour = (req: Request, res: Response, attempt: number) => Promise<void> | void;

const okay: Behaviour = (_req, res) => {
  res.status(200).send('ok');
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One functions-framework function stands in for every task handler; tests set its behaviour. */
const target = {
  received: [] as Received[],
  behaviour: okay,
  inFlight: 0,
  maxInFlight: 0,
};

http('taskTarget', async (req: Request, res: Response) => {
  target.received.push({
    at: Date.now(),
    method: req.method,
    url: req.url,
    headers: req.headers,
    body: req.rawBody?.toString('utf8') ?? '',
  });
  target.inFlight += 1;
  target.maxInFlight = Math.max(target.maxInFlight, target.inFlight);
  try {
    await target.behaviour(req, res, target.received.length);
  } finally {
    target.inFlight -= 1;
  }
});

function header(received: Received | undefined, name: string): string | undefined {
  const value = received?.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function decodeJwtPart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
}

function timestamp(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

/** Resolves with the gRPC code a client call failed with. */
async function codeOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
  } catch (err) {
    return (err as { code?: number }).code;
  }
  throw new Error('expected the call to fail');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

let targetServer: Server;
let origin: string;
let emulator: TasksEmulator;
let config: TasksConfig;
let client: CloudTasksClient;

beforeAll(async () => {
  targetServer = getTestServer('taskTarget');
  origin = await listen(targetServer);
  emulator = await startTasksEmulator({
    port: 0,
    projectId: PROJECT,
    location: LOCATION,
    backoffScale: BACKOFF_SCALE,
    queues: [
      {
        name: 'uploads',
        maxDispatchesPerSecond: 100,
        maxConcurrentDispatches: 10,
        maxAttempts: 5,
        minBackoffSeconds: 1,
        maxBackoffSeconds: 10,
      },
      {
        name: 'limited',
        maxDispatchesPerSecond: 100,
        maxConcurrentDispatches: 10,
        maxAttempts: 3,
        minBackoffSeconds: 2,
        maxBackoffSeconds: 8,
      },
      {
        name: 'patient',
        maxDispatchesPerSecond: 100,
        maxConcurrentDispatches: 10,
        maxAttempts: 5,
        minBackoffSeconds: 10,
        maxBackoffSeconds: 20,
      },
      {
        name: 'narrow',
        maxDispatchesPerSecond: 100,
        maxConcurrentDispatches: 2,
        maxAttempts: 5,
        minBackoffSeconds: 1,
        maxBackoffSeconds: 10,
      },
      {
        name: 'paced',
        maxDispatchesPerSecond: 5,
        maxConcurrentDispatches: 100,
        maxAttempts: 5,
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
});

afterAll(async () => {
  await client.close();
  await emulator.stop();
  await closeServer(targetServer);
});

beforeEach(() => {
  emulator.reset();
  target.received = [];
  target.behaviour = okay;
  target.inFlight = 0;
  target.maxInFlight = 0;
});

const parentOf = (queue: string) => queuePath(queue, config);

describe('queues', () => {
  it('serves the queues it was started with, limits and retry config included', async () => {
    const [queues] = await client.listQueues({
      parent: `projects/${PROJECT}/locations/${LOCATION}`,
    });
    expect(queues.map((q) => q.name?.split('/').pop())).toEqual([
      'limited',
      'narrow',
      'paced',
      'patient',
      'uploads',
    ]);

    const [narrow] = await client.getQueue({ name: parentOf('narrow') });
    expect(narrow.state).toBe('RUNNING');
    expect(narrow.rateLimits).toMatchObject({
      maxDispatchesPerSecond: 100,
      maxBurstSize: 100,
      maxConcurrentDispatches: 2,
    });
    expect(narrow.retryConfig).toMatchObject({
      maxAttempts: 5,
      minBackoff: { seconds: '1' },
      maxBackoff: { seconds: '10' },
      maxDoublings: 16,
    });
  });

  it('answers NOT_FOUND for a queue it does not have', async () => {
    expect(await codeOf(client.getQueue({ name: parentOf('missing') }))).toBe(5);
    expect(
      await codeOf(
        client.createTask({ parent: parentOf('missing'), task: { httpRequest: { url: origin } } }),
      ),
    ).toBe(5);
  });
});

describe('dispatch', () => {
  it('runs a task at its schedule time with its request, Cloud Tasks headers and an OIDC token', async () => {
    const parent = parentOf('uploads');
    const scheduleAt = Date.now() + 1000;
    const payload = { uploadId: 'u-1', reason: 'expired' };
    const [created] = await client.createTask({
      parent,
      task: {
        name: `${parent}/tasks/expire-upload-u-1`,
        scheduleTime: timestamp(scheduleAt),
        httpRequest: {
          url: `${origin}/tasks/expire?upload=u-1`,
          httpMethod: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-Pathwise-Test': 'yes' },
          body: Buffer.from(JSON.stringify(payload)),
          oidcToken: { serviceAccountEmail: INVOKER, audience: 'https://pathwise.test/expire' },
        },
      },
    });
    expect(created.name).toBe(`${parent}/tasks/expire-upload-u-1`);
    expect(Number(created.scheduleTime?.seconds)).toBe(Math.floor(scheduleAt / 1000));
    expect(created.view).toBe('BASIC');
    expect(created.dispatchCount).toBe(0);

    await emulator.idle();
    expect(target.received).toHaveLength(1);
    const request = target.received[0] as Received;
    expect(request.at).toBeGreaterThanOrEqual(scheduleAt);
    expect(request.at - scheduleAt).toBeLessThan(500);
    expect(request.method).toBe('PUT');
    expect(request.url).toBe('/tasks/expire?upload=u-1');
    expect(JSON.parse(request.body)).toEqual(payload);
    expect(header(request, 'content-type')).toBe('application/json');
    expect(header(request, 'x-pathwise-test')).toBe('yes');
    expect(header(request, 'user-agent')).toBe('Google-Cloud-Tasks');
    expect(header(request, 'x-cloudtasks-queuename')).toBe('uploads');
    expect(header(request, 'x-cloudtasks-taskname')).toBe('expire-upload-u-1');
    expect(header(request, 'x-cloudtasks-taskretrycount')).toBe('0');
    expect(header(request, 'x-cloudtasks-taskexecutioncount')).toBe('0');
    expect(header(request, 'x-cloudtasks-taskpreviousresponse')).toBeUndefined();
    expect(Number(header(request, 'x-cloudtasks-tasketa')) * 1000).toBeCloseTo(scheduleAt, -1);

    const authorization = header(request, 'authorization') ?? '';
    expect(authorization).toMatch(/^Bearer /);
    const token = authorization.slice('Bearer '.length);
    const [head, claims, signature] = token.split('.');
    expect(decodeJwtPart(head)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${head}.${claims}`),
      emulator.oidcPublicKeyPem,
      Buffer.from(signature ?? '', 'base64url'),
    );
    expect(valid).toBe(true);
    const payloadClaims = decodeJwtPart(claims);
    expect(payloadClaims).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: 'https://pathwise.test/expire',
      email: INVOKER,
      email_verified: true,
    });
    const iat = payloadClaims.iat as number;
    expect(Math.abs(iat * 1000 - request.at)).toBeLessThan(2000);
    expect(payloadClaims.exp).toBe(iat + 3600);

    // Google's own verifier accepts the token against the emulator's key endpoint.
    const verifier = new OAuth2Client({
      endpoints: { oauth2FederatedSignonPemCertsUrl: `http://${emulator.host}/oauth2/v1/certs` },
    });
    const ticket = await verifier.verifyIdToken({
      idToken: token,
      audience: 'https://pathwise.test/expire',
    });
    expect(ticket.getPayload()?.email).toBe(INVOKER);

    // A task that succeeded is gone.
    expect(await codeOf(client.getTask({ name: created.name ?? '' }))).toBe(5);
  });

  it('uses the URL as the audience when the task names none, and publishes its keys', async () => {
    const url = `${origin}/tasks/audience`;
    await client.createTask({
      parent: parentOf('uploads'),
      task: { httpRequest: { url, oidcToken: { serviceAccountEmail: INVOKER } } },
    });
    await emulator.idle();
    const token = (header(target.received[0], 'authorization') ?? '').slice('Bearer '.length);
    const [head, claims] = token.split('.');
    expect(decodeJwtPart(claims).aud).toBe(url);

    const jwks = (await (await fetch(`http://${emulator.host}/oauth2/v3/certs`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: decodeJwtPart(head).kid }),
    ]);
  });

  it('gives unnamed tasks generated names and defaults to POST', async () => {
    const parent = parentOf('uploads');
    const [a] = await client.createTask({
      parent,
      task: { httpRequest: { url: `${origin}/tasks/a` } },
    });
    const [b] = await client.createTask({
      parent,
      task: { httpRequest: { url: `${origin}/tasks/b` } },
    });
    expect(a.name).toMatch(new RegExp(`^${parent}/tasks/\\d{20}$`));
    expect(b.name).not.toBe(a.name);
    await emulator.idle();
    expect(target.received.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(target.received.map((r) => header(r, 'x-cloudtasks-taskname')).sort()).toEqual(
      [a.name, b.name].map((name) => name?.split('/').pop()).sort(),
    );
  });

  it('runs a future task now on RunTask', async () => {
    const parent = parentOf('uploads');
    const [task] = await client.createTask({
      parent,
      task: {
        name: `${parent}/tasks/run-now`,
        scheduleTime: timestamp(Date.now() + 60_000),
        httpRequest: { url: `${origin}/tasks/run` },
      },
    });
    const [ran] = await client.runTask({ name: task.name ?? '' });
    expect(ran.dispatchCount).toBe(1);
    await emulator.idle();
    expect(target.received).toHaveLength(1);
  });

  it('holds a paused queue until it is resumed, and purges', async () => {
    const name = parentOf('uploads');
    const [paused] = await client.pauseQueue({ name });
    expect(paused.state).toBe('PAUSED');
    await client.createTask({ parent: name, task: { httpRequest: { url: `${origin}/p` } } });
    await sleep(150);
    expect(target.received).toHaveLength(0);
    await client.resumeQueue({ name });
    await emulator.idle();
    expect(target.received).toHaveLength(1);

    for (let i = 0; i < 2; i += 1) {
      await client.createTask({
        parent: name,
        task: {
          scheduleTime: timestamp(Date.now() + 60_000),
          httpRequest: { url: `${origin}/later` },
        },
      });
    }
    await client.purgeQueue({ name });
    const [left] = await client.listTasks({ parent: name });
    expect(left).toEqual([]);
  });
});

describe('names and lifecycle', () => {
  it('refuses a duplicate name with ALREADY_EXISTS, also after the task ran', async () => {
    const deps = { client, config };
    const input = {
      queue: 'uploads',
      name: 'grade-submission-s1',
      url: `${origin}/tasks/grade`,
      body: { submissionId: 's1' },
    };
    const first = await enqueueHttpTask(input, deps);
    expect(first).toEqual({
      name: `${parentOf('uploads')}/tasks/grade-submission-s1`,
      created: true,
    });
    expect(await enqueueHttpTask(input, deps)).toEqual({ name: first.name, created: false });
    expect(
      await codeOf(
        client.createTask({
          parent: parentOf('uploads'),
          task: { name: first.name, httpRequest: { url: input.url } },
        }),
      ),
    ).toBe(6);

    await emulator.idle();
    expect(target.received).toHaveLength(1);
    expect(JSON.parse(target.received[0]?.body ?? '')).toEqual({ submissionId: 's1' });
    expect(header(target.received[0], 'authorization')).toMatch(/^Bearer /);
    // Cloud Tasks keeps the name taken for about an hour after the task ran.
    expect(await enqueueHttpTask(input, deps)).toEqual({ name: first.name, created: false });
    await sleep(50);
    expect(target.received).toHaveLength(1);
  });

  it('never runs a task deleted before its time; afterwards it is NOT_FOUND', async () => {
    const parent = parentOf('uploads');
    const [task] = await client.createTask({
      parent,
      task: {
        name: `${parent}/tasks/doomed`,
        scheduleTime: timestamp(Date.now() + 300),
        httpRequest: { url: `${origin}/tasks/doomed` },
      },
    });
    const name = task.name ?? '';
    await client.deleteTask({ name });
    expect(await codeOf(client.getTask({ name }))).toBe(5);
    expect(await codeOf(client.deleteTask({ name }))).toBe(5);
    expect(
      await codeOf(client.createTask({ parent, task: { name, httpRequest: { url: origin } } })),
    ).toBe(6);
    await emulator.idle();
    await sleep(450);
    expect(target.received).toHaveLength(0);
  });

  it('lists pending tasks page by page, with bodies only in the FULL view', async () => {
    const parent = parentOf('uploads');
    for (let i = 1; i <= 5; i += 1) {
      await client.createTask({
        parent,
        task: {
          name: `${parent}/tasks/pending-${i}`,
          scheduleTime: timestamp(Date.now() + 60_000),
          httpRequest: { url: `${origin}/tasks/pending`, body: Buffer.from(`body-${i}`) },
        },
      });
    }
    const pages: string[][] = [];
    let pageToken: string | undefined;
    do {
      const [tasks, next] = await client.listTasks(
        { parent, pageSize: 2, pageToken },
        { autoPaginate: false },
      );
      pages.push(tasks.map((t) => (t.name ?? '').split('/').pop() ?? ''));
      pageToken = next?.pageToken ?? undefined;
    } while (pageToken);
    expect(pages).toEqual([['pending-1', 'pending-2'], ['pending-3', 'pending-4'], ['pending-5']]);

    const [basic] = await client.listTasks({ parent });
    expect(basic).toHaveLength(5);
    expect(basic[0]?.httpRequest?.body?.length ?? 0).toBe(0);
    const [full] = await client.listTasks({ parent, responseView: 'FULL' });
    expect(Buffer.from(full[0]?.httpRequest?.body ?? '').toString()).toBe('body-1');
    expect(full[0]?.view).toBe('FULL');

    const [one] = await client.getTask({ name: `${parent}/tasks/pending-3`, responseView: 'FULL' });
    expect(Buffer.from(one.httpRequest?.body ?? '').toString()).toBe('body-3');
    expect(one.dispatchDeadline).toMatchObject({ seconds: '600' });
    expect(target.received).toHaveLength(0);
  });

  it('rejects what Cloud Tasks rejects with INVALID_ARGUMENT', async () => {
    const parent = parentOf('uploads');
    const create = (task: object) => codeOf(client.createTask({ parent, task }));
    expect(
      await create({ httpRequest: { url: origin, httpMethod: 'GET', body: Buffer.from('x') } }),
    ).toBe(3);
    expect(await create({ httpRequest: { url: 'ftp://example.com/x' } })).toBe(3);
    expect(
      await create({ name: `${parentOf('narrow')}/tasks/x`, httpRequest: { url: origin } }),
    ).toBe(3);
    expect(await create({ name: `${parent}/tasks/bad.id`, httpRequest: { url: origin } })).toBe(3);
    expect(
      await create({
        scheduleTime: timestamp(Date.now() + 31 * 86_400_000),
        httpRequest: { url: origin },
      }),
    ).toBe(3);
    expect(await create({ dispatchDeadline: { seconds: 5 }, httpRequest: { url: origin } })).toBe(
      3,
    );
    expect(await create({})).toBe(3);
  });
});

describe('retries and limits', () => {
  it('retries a 500 after the backoff: retry count 0 then 1, execution count unchanged', async () => {
    target.behaviour = (_req, res, attempt) => {
      res.status(attempt === 1 ? 500 : 200).send('');
    };
    await client.createTask({
      parent: parentOf('uploads'),
      task: { name: `${parentOf('uploads')}/tasks/flaky`, httpRequest: { url: `${origin}/flaky` } },
    });
    await emulator.idle();
    const [first, second] = target.received;
    expect(target.received).toHaveLength(2);
    expect(header(first, 'x-cloudtasks-taskretrycount')).toBe('0');
    expect(header(second, 'x-cloudtasks-taskretrycount')).toBe('1');
    // 5xx answers do not count as executions.
    expect(header(second, 'x-cloudtasks-taskexecutioncount')).toBe('0');
    expect(header(second, 'x-cloudtasks-taskpreviousresponse')).toBe('500');
    const backoff = 1000 * BACKOFF_SCALE;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(backoff - 5);
  });

  it('waits at least as long as a Retry-After answer asks', async () => {
    target.behaviour = (_req, res, attempt) => {
      if (attempt === 1) res.set('Retry-After', '10');
      res.status(attempt === 1 ? 503 : 200).send('');
    };
    await client.createTask({
      parent: parentOf('uploads'),
      task: { httpRequest: { url: `${origin}/busy` } },
    });
    await emulator.idle();
    const [first, second] = target.received;
    expect(target.received).toHaveLength(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(10_000 * BACKOFF_SCALE - 5);
  });

  it('counts a 4xx answer as an execution', async () => {
    target.behaviour = (_req, res, attempt) => {
      res.status(attempt === 1 ? 404 : 204).send('');
    };
    await client.createTask({
      parent: parentOf('uploads'),
      task: { httpRequest: { url: `${origin}/missing-then-found` } },
    });
    await emulator.idle();
    expect(target.received.map((r) => header(r, 'x-cloudtasks-taskexecutioncount'))).toEqual([
      '0',
      '1',
    ]);
  });

  it('records attempts on the task and moves its schedule time to the retry', async () => {
    target.behaviour = (_req, res, attempt) => {
      res.status(attempt === 1 ? 503 : 200).send('');
    };
    const parent = parentOf('patient');
    const [task] = await client.createTask({
      parent,
      task: { name: `${parent}/tasks/observed`, httpRequest: { url: `${origin}/observed` } },
    });
    while (target.received.length === 0) await sleep(10);
    await sleep(100);
    const [failing] = await client.getTask({ name: task.name ?? '' });
    expect(failing.dispatchCount).toBe(1);
    expect(failing.responseCount).toBe(1);
    expect(failing.firstAttempt?.dispatchTime).toBeTruthy();
    expect(failing.lastAttempt?.responseStatus).toMatchObject({ code: 14 });
    const retryAt =
      Number(failing.scheduleTime?.seconds) * 1000 + (failing.scheduleTime?.nanos ?? 0) / 1e6;
    const firstAt = target.received[0]?.at ?? 0;
    expect(retryAt - firstAt).toBeGreaterThanOrEqual(10_000 * BACKOFF_SCALE - 50);
    await emulator.idle();
    expect(target.received).toHaveLength(2);
  });

  it('gives up after maxAttempts, doubling the backoff in between', async () => {
    target.behaviour = (_req, res) => {
      res.status(500).send('');
    };
    const parent = parentOf('limited');
    await client.createTask({
      parent,
      task: { name: `${parent}/tasks/hopeless`, httpRequest: { url: `${origin}/hopeless` } },
    });
    await emulator.idle();
    expect(target.received.map((r) => header(r, 'x-cloudtasks-taskretrycount'))).toEqual([
      '0',
      '1',
      '2',
    ]);
    const [a, b, c] = target.received.map((r) => r.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(2000 * BACKOFF_SCALE - 5);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(4000 * BACKOFF_SCALE - 5);
    expect(await codeOf(client.getTask({ name: `${parent}/tasks/hopeless` }))).toBe(5);
    await sleep(500);
    expect(target.received).toHaveLength(3);
  });

  it('never has more than maxConcurrentDispatches in flight', async () => {
    target.behaviour = async (_req, res) => {
      await sleep(100);
      res.status(200).send('');
    };
    const parent = parentOf('narrow');
    const started = Date.now();
    for (let i = 0; i < 6; i += 1) {
      await client.createTask({ parent, task: { httpRequest: { url: `${origin}/slow/${i}` } } });
    }
    await emulator.idle();
    expect(target.received).toHaveLength(6);
    expect(target.maxInFlight).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('paces dispatches to maxDispatchesPerSecond after a burst', async () => {
    const parent = parentOf('paced');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.createTask({ parent, task: { httpRequest: { url: `${origin}/paced/${i}` } } }),
      ),
    );
    await emulator.idle();
    const times = target.received.map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(10);
    // A burst of 5 (one second's worth at 5/s), then one dispatch every 200 ms: the last of ten
    // leaves ~1 s after the first. Arrival times carry the target's latency, hence the margin.
    const span = (times[9] ?? 0) - (times[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(850);
    expect(span).toBeLessThan(2500);
  });
});

describe('dispatch deadline', () => {
  let slowEmulator: TasksEmulator;
  let slowClient: CloudTasksClient;
  let slowConfig: TasksConfig;

  beforeAll(async () => {
    slowEmulator = await startTasksEmulator({
      port: 0,
      projectId: PROJECT,
      location: LOCATION,
      dispatchTimeoutMs: 150,
      backoffScale: 0.01,
      queues: [
        {
          name: 'slow',
          maxDispatchesPerSecond: 10,
          maxConcurrentDispatches: 1,
          maxAttempts: 2,
          minBackoffSeconds: 1,
          maxBackoffSeconds: 1,
        },
      ],
    });
    slowConfig = parseConfig({
      GOOGLE_CLOUD_PROJECT: PROJECT,
      PATHWISE_TASKS_LOCATION: LOCATION,
      CLOUD_TASKS_EMULATOR_HOST: slowEmulator.host,
    });
    slowClient = createTasksClient(slowConfig);
  });

  afterAll(async () => {
    await slowClient.close();
    await slowEmulator.stop();
  });

  it('abandons an attempt at the deadline and retries it as unanswered', async () => {
    target.behaviour = async (_req, res, attempt) => {
      if (attempt === 1) await sleep(400);
      if (!res.headersSent) res.status(200).send('');
    };
    await slowClient.createTask({
      parent: queuePath('slow', slowConfig),
      task: { httpRequest: { url: `${origin}/deadline` } },
    });
    await slowEmulator.idle();
    const [first, second] = target.received;
    expect(target.received).toHaveLength(2);
    // The deadline runs from the dispatch, a little before the handler saw the request.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect(header(second, 'x-cloudtasks-taskretrycount')).toBe('1');
    expect(header(second, 'x-cloudtasks-taskexecutioncount')).toBe('0');
    expect(header(second, 'x-cloudtasks-taskpreviousresponse')).toBeUndefined();
  });
});

describe('connections', () => {
  it('keeps an idle connection open longer than a client keeps it, so a reused socket is never reset', async () => {
    // A server that closes idle sockets first races clients reusing them: ECONNRESET under load.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const [host, port] = emulator.host.split(':');
    const listQueues = () =>
      new Promise<number | undefined>((resolve, reject) => {
        const req = httpRequest(
          {
            host,
            port: Number(port),
            path: `/v2/projects/${PROJECT}/locations/${LOCATION}/queues`,
            agent,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(req.socket?.localPort));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await listQueues();
      // Past Node's default server keep-alive (5 s), well within what HTTP clients reuse sockets for.
      await sleep(6_000);
      expect(await listQueues()).toBe(first);
    } finally {
      agent.destroy();
    }
  });
});
