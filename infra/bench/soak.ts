/**
 * npm run bench:soak [-- <minutes> <learners>] — mixed traffic against the whole local stack for
 * a while (15 minutes and 20 learners at a time by default): each learner enrols in the demo
 * pathway, starts, progresses and completes a video, completes an article and attempts a quiz,
 * then a new learner takes its place. Prints, every minute, the requests and errors so far and
 * the memory of this process (the functions host, the Storage and Tasks emulators and the load
 * generator run in it); at the end, once the events have drained: events published (completions
 * and quiz attempts the API accepted) against events consumed (what onProgressEvent and
 * onLearnerEvent stored in the learners' streams, by source id), lost events, and duplicated
 * effects (a stream entry stored twice for one source).
 *
 * Emulator restarts are not part of this run: the Firebase emulators run under firebase-tools'
 * `emulators:exec`, which cannot stop and restart one of them alone.
 * Figures only: nothing here asserts on time.
 */
import type { Services } from '../../functions/services';
import { loadDemoData } from '../seed/load';
import { startStack } from '../local/stack';
import { runMain } from '../cli';
import { learner, MODULE, PATHWAY, QUIZ_ANSWERS } from './common';

interface Counters {
  requests: number;
  errors: number;
  learners: number;
  /** Completions the API accepted, as `uid resource`: each one publishes one progress event. */
  completions: Set<string>;
  /** Quiz attempts the API recorded, per learner: each one publishes one learner event. */
  attempts: Map<string, number>;
}

interface Sample {
  minute: number;
  requests: number;
  errors: number;
  rssMiB: number;
  heapMiB: number;
}

const MiB = 1024 * 1024;

async function request(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  counters: Counters,
  body?: object,
): Promise<number> {
  counters.requests += 1;
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) {
      counters.errors += 1;
      if (counters.errors <= 5)
        console.error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    return response.status;
  } catch (error) {
    counters.errors += 1;
    if (counters.errors <= 5) console.error(`${method} ${path}:`, error);
    return 0;
  }
}

/** One learner's visit, start to end. */
async function visit(services: Services, baseUrl: string, counters: Counters): Promise<void> {
  const person = await learner(services.clients.auth);
  counters.learners += 1;
  const call = (method: string, path: string, body?: object) =>
    request(baseUrl, person.token, method, path, counters, body);
  const resource = (id: string) => `/api/v1/users/me/resources/${MODULE}-${id}`;
  await call('POST', `/api/v1/pathways/${PATHWAY}/enroll`);
  await call('POST', `${resource('r1')}/start`);
  await call('PUT', `${resource('r1')}/progress`, {
    progress_percentage: 60,
    watch_time_seconds: 1440,
  });
  for (const id of ['r1', 'r2']) {
    if ((await call('POST', `${resource(id)}/complete`)) === 200)
      counters.completions.add(`${person.uid} ${MODULE}-${id}`);
  }
  if ((await call('POST', `${resource('r4')}/quiz-attempts`, { answers: QUIZ_ANSWERS })) < 300)
    counters.attempts.set(person.uid, (counters.attempts.get(person.uid) ?? 0) + 1);
}

/** What the consumers stored: each learner's stream, by kind and source. */
async function consumed(services: Services, uids: readonly string[]) {
  const completions = new Set<string>();
  const attempts = new Map<string, number>();
  let duplicates = 0;
  for (const uid of uids) {
    const snap = await services.clients.firestore
      .collection('users')
      .doc(uid)
      .collection('events')
      .get();
    const sources = new Set<string>();
    for (const doc of snap.docs) {
      const event = doc.data();
      const key = `${event.kind} ${event.source?.id}`;
      if (sources.has(key)) duplicates += 1;
      sources.add(key);
      if (event.kind === 'completed' && event.data?.scope === 'resource')
        completions.add(`${uid} ${event.data.resource_id}`);
      if (event.kind === 'quiz_attempted') attempts.set(uid, (attempts.get(uid) ?? 0) + 1);
    }
  }
  return { completions, attempts, duplicates };
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const [minutesArg, learnersArg] = process.argv.slice(2).map(Number);
  const minutes = minutesArg && minutesArg > 0 ? minutesArg : 15;
  const concurrent =
    learnersArg && Number.isInteger(learnersArg) && learnersArg > 0 ? learnersArg : 20;
  const stack = await startStack({ port: 0 });
  const counters: Counters = {
    requests: 0,
    errors: 0,
    learners: 0,
    completions: new Set(),
    attempts: new Map(),
  };
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = () => {
    const memory = process.memoryUsage();
    const row: Sample = {
      minute: Math.round((Date.now() - started) / 60_000),
      requests: counters.requests,
      errors: counters.errors,
      rssMiB: Math.round(memory.rss / MiB),
      heapMiB: Math.round(memory.heapUsed / MiB),
    };
    samples.push(row);
    console.log(
      `minute ${row.minute}: ${row.requests} requests, ${row.errors} errors, ${counters.learners} learners, rss ${row.rssMiB} MiB, heap ${row.heapMiB} MiB`,
    );
  };
  try {
    await loadDemoData(stack.services);
    sample();
    const timer = setInterval(sample, 60_000);
    const until = started + minutes * 60_000;
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        while (Date.now() < until) await visit(stack.services, stack.baseUrl, counters);
      }),
    );
    clearInterval(timer);
    sample();

    // Let the outbox, Pub/Sub and the consumers catch up, then compare by id.
    const uids = [
      ...new Set([...counters.completions].map((c) => c.split(' ')[0] as string)),
      ...counters.attempts.keys(),
    ];
    const publishedAttempts = [...counters.attempts.values()].reduce((a, b) => a + b, 0);
    let stored = await consumed(stack.services, [...new Set(uids)]);
    const drainUntil = Date.now() + 120_000;
    const lost = () =>
      [...counters.completions].filter((c) => !stored.completions.has(c)).length +
      [...counters.attempts].reduce(
        (n, [uid, count]) => n + Math.max(0, count - (stored.attempts.get(uid) ?? 0)),
        0,
      );
    while (lost() > 0 && Date.now() < drainUntil) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      stored = await consumed(stack.services, [...new Set(uids)]);
    }
    const storedAttempts = [...stored.attempts.values()].reduce((a, b) => a + b, 0);
    const first = samples[1] ?? samples[0];
    const last = samples.at(-1);
    console.log(`\nsoak: ${minutes} min, ${concurrent} learners at a time`);
    console.log(`  requests ${counters.requests}, errors ${counters.errors}`);
    console.log(`  learners ${counters.learners}`);
    console.log(
      `  progress events: published ${counters.completions.size}, consumed ${[...counters.completions].filter((c) => stored.completions.has(c)).length}`,
    );
    console.log(`  learner events: published ${publishedAttempts}, consumed ${storedAttempts}`);
    console.log(`  lost events ${lost()}, duplicated stream entries ${stored.duplicates}`);
    if (first && last)
      console.log(
        `  memory: rss ${first.rssMiB} → ${last.rssMiB} MiB, heap ${first.heapMiB} → ${last.heapMiB} MiB (minute ${first.minute} → ${last.minute})`,
      );
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
