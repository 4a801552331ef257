/**
 * Emulator restarts under traffic. This file runs a local stack of its own (project
 * demo-pathwise-restarts, so the shared stack never sees its documents) with a state directory
 * for Storage and Tasks, and restarts one emulator at a time while the functions host keeps
 * running:
 *
 * - Tasks is restarted while upload-expiry tasks wait for their time: each runs to completion;
 * - Storage is restarted while signed-URL uploads stream in and their finalize events go out:
 *   every upload ends finalized and readable, nothing twice;
 * - Pub/Sub (the stack's own emulator) is killed while completions are relayed, and learners
 *   keep completing while it is down: every progress event published while it was down or after
 *   reaches onProgressEvent once (the relay gives its entries back when a publish fails, and its
 *   redelivery or the drain publishes them after the restart). A killed emulator loses what it
 *   had accepted and not yet delivered (real Pub/Sub keeps it), so events of completions made
 *   just before the kill are held only to "never twice".
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MODULE, PATHWAY } from '../../../infra/bench/common';
import { loadDemoData } from '../../../infra/seed/load';
import { startStack, type Stack } from '../../../infra/local/stack';
import { parseConfig } from '../../../shared/config';
import { eventsOf } from '../../../shared/platform/outbox-entries';
import {
  createTasksClient,
  queuePath,
  type CloudTasksClient,
} from '../../../shared/platform/tasks';

const PROJECT = 'demo-pathwise-restarts';
const RESOURCE = (id: string) => `/api/v1/users/me/resources/${MODULE}-${id}`;

jest.setTimeout(60_000);

let stack: Stack;
let stateDir: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(last)}`);
    await sleep(200);
    last = await read();
  }
  return last;
}

async function call(token: string, method: string, url: string, body?: object): Promise<number> {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

type Person = { uid: string; token: string };

/**
 * A learner of this file's project. The Auth emulator signs in only to its default project, so
 * the ID token is made here the way the emulator makes its own: unsigned, for this project.
 */
async function newLearner(): Promise<Person> {
  const uid = `restart-${randomUUID().slice(0, 10)}`;
  const email = `${uid}@restarts.pathwise.dev`;
  await stack.services.clients.auth.createUser({ uid, email, password: 'restart-password' });
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    email,
    email_verified: false,
    auth_time: now,
    user_id: uid,
    firebase: { identities: { email: [email] }, sign_in_provider: 'password' },
    iat: now,
    exp: now + 3600,
    aud: PROJECT,
    iss: `https://securetoken.google.com/${PROJECT}`,
    sub: uid,
  };
  return { uid, token: `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.` };
}

async function enrolled(): Promise<Person> {
  const person = await newLearner();
  expect(await call(person.token, 'POST', `/api/v1/pathways/${PATHWAY}/enroll`)).toBe(201);
  return person;
}

interface Opened {
  submission_id: string;
  upload: { url: string; headers: Record<string, string> };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64 * 1024, 0x20)]);

async function openUpload(person: Person): Promise<Opened> {
  const response = await fetch(`${stack.baseUrl}${RESOURCE('r5')}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      file_name: 'work.pdf',
      content_type: 'application/pdf',
      size_bytes: PDF.length,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Opened;
}

/**
 * A client's PUT of a signed URL, tried again after a failure as clients do. The URL binds
 * `x-goog-if-generation-match: 0`, so a retry whose first attempt was stored (its answer lost
 * to the restart) is refused with 412: the object is there, and that counts as stored.
 */
async function put(opened: Opened): Promise<'stored' | number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(opened.upload.url, {
        method: 'PUT',
        headers: opened.upload.headers,
        body: PDF,
      });
      await response.arrayBuffer();
      if (response.status === 200 || (response.status === 412 && attempt > 1)) return 'stored';
      if (response.status < 500 || attempt >= 10) return response.status;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
    await sleep(200);
  }
}

/** Completes a video (after watching most of it) and an article, as a learner does. */
async function complete(person: Person): Promise<void> {
  expect(
    await call(person.token, 'PUT', `${RESOURCE('r1')}/progress`, {
      progress_percentage: 60,
      watch_time_seconds: 1440,
    }),
  ).toBe(200);
  for (const id of ['r1', 'r2']) {
    expect(await call(person.token, 'POST', `${RESOURCE(id)}/complete`)).toBe(200);
  }
}

/** A learner's stream: how many entries each (kind, source) has, and the completed resources. */
async function stream(uid: string) {
  const snap = await stack.services.clients.firestore
    .collection('users')
    .doc(uid)
    .collection('events')
    .get();
  const perSource = new Map<string, number>();
  for (const doc of snap.docs) {
    const key = `${doc.get('kind')} ${doc.get('source.id')}`;
    perSource.set(key, (perSource.get(key) ?? 0) + 1);
  }
  return perSource;
}

const submission = async (id: string) =>
  (await stack.services.clients.firestore.collection('submissions').doc(id).get()).data();

beforeAll(async () => {
  // A project of its own: the shared stack's Firestore triggers and relays never see this one's.
  process.env.GOOGLE_CLOUD_PROJECT = PROJECT;
  process.env.GCLOUD_PROJECT = PROJECT;
  for (const name of Object.keys(process.env)) {
    if (/^PATHWISE_.*(BUCKET|SERVICE_ACCOUNT|INVOKER)$/.test(name)) delete process.env[name];
    // No LRS here: pushes to the test LRS's port would keep this stack's task queue busy (and
    // `tasks.idle()` waiting) through their whole retry schedule.
    if (name.startsWith('PATHWISE_LRS_')) delete process.env[name];
  }
  stateDir = mkdtempSync(path.join(tmpdir(), 'pathwise-restarts-'));
  stack = await startStack({
    port: 0,
    storageRetryDelayMs: 100,
    pubsubRetryDelayMs: 100,
    tasksBackoffScale: 0.01,
    stateDir,
    pubsubPort: 0,
  });
  await loadDemoData(stack.services);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('emulator restarts', () => {
  it('Tasks restarted while upload-expiry tasks wait for their time: each runs to completion once', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, enrolled));
    // Four uploads arrive, four never do: all eight have an expiry task.
    const opened = await Promise.all(people.map(openUpload));
    const arrived = opened.slice(0, 4);
    expect(await Promise.all(arrived.map(put))).toEqual(Array(4).fill('stored'));

    // The eight expiry tasks are queued and not yet due when the emulator goes down: the
    // restarted emulator must take them up from its state directory. (A restart in the middle
    // of a dispatch is proven deterministically at the emulator's own level, in
    // test/local/tasks-emulator-restart.test.ts: catching that moment here depends on timing.)
    const config = parseConfig(process.env);
    const client: CloudTasksClient = createTasksClient(config);
    try {
      const [tasks] = await client.listTasks({
        parent: queuePath('upload-expiry', config),
        responseView: 'FULL',
      });
      const ours = opened.map((u) => u.submission_id as string);
      const waiting = tasks.filter((t) => {
        const raw = t.httpRequest?.body ?? '';
        const body = (
          typeof raw === 'string' ? Buffer.from(raw, 'base64') : Buffer.from(raw)
        ).toString('utf8');
        return ours.some((id) => body.includes(id)) && !t.lastAttempt?.dispatchTime;
      });
      expect(waiting).toHaveLength(8);
    } finally {
      await client.close();
    }
    await stack.restart('tasks', { downMs: 300 });
    expect(stack.restarts.tasks).toBe(1);

    for (const u of opened.slice(4)) {
      await until(
        () => submission(u.submission_id),
        (s) => s?.status === 'expired',
      );
    }
    await stack.tasks.idle();
    for (const u of arrived) expect((await submission(u.submission_id))?.status).toBe('uploaded');
    // The quota of every expired upload was given back.
    for (const [i, p] of people.entries()) {
      if (i < 4) continue;
      const quota = await stack.services.clients.firestore
        .collection('rateLimits')
        .doc(p.uid)
        .get();
      const held = JSON.stringify(quota.get('reservations') ?? []);
      expect(held).not.toContain(opened[i]?.submission_id);
    }
  });

  it('Storage restarted mid-upload and mid-finalize: every upload finalized and readable, none twice', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, enrolled));
    const opened = await Promise.all(people.map(openUpload));
    const putting = Promise.all(opened.map(put));
    await sleep(50);
    await stack.restart('storage', { downMs: 300 });
    expect(await putting).toEqual(Array(8).fill('stored'));
    expect(stack.restarts.storage).toBe(1);

    const bucket = stack.services.clients.submissionsBucket;
    for (const u of opened) {
      const done = await until(
        () => submission(u.submission_id),
        (s) => s?.status === 'uploaded',
      );
      const [bytes] = await bucket.file(String(done?.object_path)).download();
      expect(bytes.equals(PDF)).toBe(true);
    }
    await stack.storage.idle();
    // One submission per upload, and one upload stream entry per learner.
    for (const p of people) {
      const mine = await stack.services.clients.firestore
        .collection('submissions')
        .where('user_id', '==', p.uid)
        .get();
      expect(mine.size).toBe(1);
    }
  });

  it('Pub/Sub killed while completions are relayed: every event published while it was down or after reaches its consumer once', async () => {
    const firestore = stack.services.clients.firestore;
    // Every progress event the commits stage, by id, with its learner.
    const staged = new Map<string, string>();
    const unsubscribe = firestore.collection('outbox').onSnapshot((snap) => {
      for (const change of snap.docChanges()) {
        if (change.type !== 'added') continue;
        for (const event of eventsOf(change.doc.data())) {
          if (event.topic === 'progress-events' && event.data.type === 'resource_completed')
            staged.set(event.event_id, String(event.data.user_id));
        }
      }
    });
    try {
      const [before, during, after] = await Promise.all(
        [0, 1, 2].map(() => Promise.all(Array.from({ length: 4 }, enrolled))),
      );
      const all = [...before!, ...during!, ...after!];

      // Completions in flight as the emulator dies; more while it is down; more after.
      const inFlight = Promise.all(before!.map(complete));
      await sleep(50);
      const restarting = stack.restart('pubsub', { downMs: 3_000 });
      await inFlight;
      await Promise.all(during!.map(complete));
      await restarting;
      expect(stack.restarts.pubsub).toBe(1);
      await Promise.all(after!.map(complete));
      // A drain whose minute came runs alongside the relays' redeliveries.
      await stack.services.outbox.drain(0);

      const mustArrive = new Set([...during!, ...after!].map((p) => p.uid));
      const expected = () => [...staged].filter(([, uid]) => mustArrive.has(uid));
      // Two completions per learner, each one progress event.
      await until(
        async () => expected().length,
        (n) => n === 2 * mustArrive.size,
        10_000,
      );
      for (const p of [...during!, ...after!]) {
        await until(
          () => stream(p.uid),
          (perSource) =>
            expected()
              .filter(([, uid]) => uid === p.uid)
              .every(([id]) => perSource.has(`completed ${id}`)),
          45_000,
        );
      }
      // Whatever arrives has settled: the outbox is empty.
      await until(
        async () => (await firestore.collection('outbox').limit(1).get()).size,
        (n) => n === 0,
        20_000,
      );
      for (const p of all) {
        const perSource = await stream(p.uid);
        for (const [key, count] of perSource) expect([key, count]).toEqual([key, 1]);
      }
      for (const [id, uid] of expected())
        expect((await stream(uid)).get(`completed ${id}`)).toBe(1);
    } finally {
      unsubscribe();
    }
  }, 90_000);
});
