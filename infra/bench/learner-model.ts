/**
 * npm run bench:learner-model — runs inside the emulators and prints:
 *  - events ingested per second: progress events mapped, stored once and folded into the
 *    learner's model (levels, recommendations), many learners at once, as the consumer does;
 *  - the latency from publishing a progress event on `progress-events` to the learner's updated
 *    recommendation in Firestore, through Pub/Sub, the consumer function and the refold (p50/p95).
 *  - sustained ingest through the whole path (Pub/Sub, the consumer, the refold): progress events
 *    published at a fixed rate (BENCH_LEARNER_RATE per second, default 15, for
 *    BENCH_LEARNER_SECONDS, default 40) across many learners, with the rate achieved, the lag
 *    from publishing each event to its learner's model having folded it (p50/p95/max, watched
 *    with realtime listeners on the profiles) and the errors (failed publishes, events never
 *    folded within 60 s of the last publish).
 * Figures only: nothing here asserts on time.
 */
import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import { CatalogCollections, type Outline, type PathwayDoc } from '../../shared/catalog/model';
import { newDraftPathway } from '../../shared/catalog/new-pathway';
import type { ProgressEvent } from '../../shared/events';
import { fromProgressEvent } from '../../shared/learner/from-progress';
import { LearnerCollections, type ProfileDoc } from '../../shared/learner/model';
import { Topics } from '../../shared/triggers';
import { runMain } from '../cli';
import { startStack } from '../local/stack';
import { formatPercentiles, percentiles } from './common';

const LEARNERS = 20;
const EVENTS_PER_LEARNER = 40;
const LATENCY_SAMPLES = 40;
const RESOURCES = 50;
const SUSTAINED_LEARNERS = 30;
const RATE = Number(process.env.BENCH_LEARNER_RATE ?? 15);
const SECONDS = Number(process.env.BENCH_LEARNER_SECONDS ?? 40);
const SETTLE_MS = 60_000;

let services: Services;

/** A published pathway of RESOURCES articles in modules of ten, written straight to Firestore. */
async function fixturePathway(): Promise<{ id: string; resourceIds: string[] }> {
  const id = `bench-learner-${randomUUID().slice(0, 6)}`;
  const outline: Outline = { modules: [] };
  const resourceIds: string[] = [];
  for (let m = 0; m * 10 < RESOURCES; m += 1) {
    const moduleId = `${id}-m${m + 1}`;
    const resources = Array.from({ length: 10 }, (_, r) => {
      const resourceId = `${moduleId}-r${r + 1}`;
      resourceIds.push(resourceId);
      return {
        resource_id: resourceId,
        type: 'article' as const,
        title: `Lesson ${m + 1}.${r + 1}`,
        required: true,
        duration_minutes: 10,
        requires_upload: false,
        learning: { skills: [{ skill_id: 'bench_skill', level: 5 }], prerequisites: [] },
      };
    });
    outline.modules.push({
      module_id: moduleId,
      title: `Module ${m + 1}`,
      required_count: null,
      resources,
    });
  }
  const now = Timestamp.now();
  const doc: PathwayDoc = {
    ...newDraftPathway(
      { title: 'Learner model benchmark', description: null, difficulty: 'beginner' },
      'bench',
      now,
    ),
    status: 'published',
    outline,
    published_at: now,
  };
  await services.clients.firestore.collection(CatalogCollections.pathways).doc(id).set(doc);
  return { id, resourceIds };
}

function completion(
  userId: string,
  pathwayId: string,
  moduleId: string,
  resourceId: string,
  at: Date,
): ProgressEvent {
  return {
    type: 'resource_completed',
    event_id: `resource_completed:${userId}_${pathwayId}:${resourceId}:${at.getTime()}`,
    user_id: userId,
    pathway_id: pathwayId,
    module_id: moduleId,
    resource_id: resourceId,
    old: { status: 'in_progress' },
    new: { status: 'completed' },
    outline_version: 1,
    request_id: `bench-${randomUUID()}`,
    event_time: at.toISOString(),
  };
}

const moduleOf = (resourceId: string) => resourceId.replace(/-r\d+$/, '');

/** What the consumer does per message, for many learners at once: store, refold, replan. */
async function ingestThroughput(pathway: { id: string; resourceIds: string[] }) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LEARNERS }, async (_, l) => {
      const userId = `bench-ingest-${l}-${randomUUID().slice(0, 6)}`;
      for (let e = 0; e < EVENTS_PER_LEARNER; e += 1) {
        const resourceId = pathway.resourceIds[e % pathway.resourceIds.length] as string;
        const message = completion(
          userId,
          pathway.id,
          moduleOf(resourceId),
          resourceId,
          new Date(Date.UTC(2026, 0, 1, 9, e)),
        );
        const { stored, duplicates } = await services.learner.ingest.fromProgress(message);
        await services.learner.update.afterStored(userId, [...stored, ...duplicates]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { events: LEARNERS * EVENTS_PER_LEARNER, seconds };
}

/** Publishes a completion and waits until the next lesson is the learner's recommendation. */
async function latencySample(pathway: { id: string; resourceIds: string[] }): Promise<number> {
  const userId = `bench-latency-${randomUUID().slice(0, 8)}`;
  const [first, second] = pathway.resourceIds as [string, string];
  const recommendations = services.clients.firestore
    .collection(LearnerCollections.recommendations)
    .where('user_id', '==', userId)
    .where('target.id', '==', second);
  const started = performance.now();
  await services.clients.publisher.publishJson(
    Topics.progressEvents,
    completion(userId, pathway.id, moduleOf(first), first, new Date()),
  );
  const deadline = started + 30_000;
  for (;;) {
    const snap = await recommendations.get();
    if (!snap.empty) return performance.now() - started;
    if (performance.now() > deadline) throw new Error('No recommendation within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Pending {
  /** The last learner event id the message maps to: folded once the model's last id reaches it. */
  lastId: string;
  publishedAt: number;
}

/**
 * Publishes completions at RATE per second, round-robin over SUSTAINED_LEARNERS learners (each
 * learner's events in time order), and watches each learner's profile: a message is ingested
 * when the model's `last_event_id` reaches the last learner event it maps to.
 */
async function sustainedIngest(pathway: { id: string; resourceIds: string[] }) {
  const firestore = services.clients.firestore;
  const run = randomUUID().slice(0, 6);
  const users = Array.from({ length: SUSTAINED_LEARNERS }, (_, l) => `bench-rate-${run}-${l}`);
  const pending = new Map<string, Pending[]>(users.map((u) => [u, []]));
  const lags: number[] = [];
  const unsubscribe = users.map((userId) =>
    firestore
      .collection(LearnerCollections.profiles)
      .doc(userId)
      .onSnapshot((snap) => {
        const last = (snap.data() as ProfileDoc | undefined)?.model?.last_event_id;
        if (!last) return;
        const now = performance.now();
        const queue = pending.get(userId) as Pending[];
        while (queue.length > 0 && (queue[0] as Pending).lastId <= last)
          lags.push(now - (queue.shift() as Pending).publishedAt);
      }),
  );
  const total = Math.round(RATE * SECONDS);
  let publishErrors = 0;
  const publishes: Promise<void>[] = [];
  const started = performance.now();
  const base = Date.UTC(2026, 0, 1, 9);
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const userId = users[i % users.length] as string;
    const n = Math.floor(i / users.length);
    const resourceId = pathway.resourceIds[n % pathway.resourceIds.length] as string;
    const message = completion(
      userId,
      pathway.id,
      moduleOf(resourceId),
      resourceId,
      new Date(base + n * 60_000),
    );
    const ids = fromProgressEvent(message)
      .events.map((e) => e.id)
      .sort();
    (pending.get(userId) as Pending[]).push({
      lastId: ids.at(-1) as string,
      publishedAt: performance.now(),
    });
    publishes.push(
      services.clients.publisher.publishJson(Topics.progressEvents, message).then(
        () => undefined,
        () => {
          publishErrors += 1;
        },
      ),
    );
  }
  await Promise.all(publishes);
  const published = performance.now();
  const deadline = published + SETTLE_MS;
  const left = () => [...pending.values()].reduce((sum, q) => sum + q.length, 0);
  while (left() > 0 && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const drained = performance.now();
  for (const stop of unsubscribe) stop();
  lags.sort((a, b) => a - b);
  return {
    total,
    publishSeconds: (published - started) / 1000,
    drainSeconds: (drained - started) / 1000,
    folded: lags.length,
    lags,
    publishErrors,
    notFolded: left(),
  };
}

async function report(): Promise<void> {
  const pathway = await fixturePathway();
  const ingest = await ingestThroughput(pathway);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) latencies.push(await latencySample(pathway));
  console.log('');
  console.log(
    `Ingest: ${ingest.events} progress events (${LEARNERS} learners × ${EVENTS_PER_LEARNER}) stored and folded in ${ingest.seconds.toFixed(2)} s = ${(ingest.events / ingest.seconds).toFixed(0)} events/s`,
  );
  console.log(
    `Progress event → updated recommendation (${LATENCY_SAMPLES} samples, Pub/Sub + consumer + refold): ${formatPercentiles(percentiles(latencies), 0)}`,
  );
}

async function reportSustained(): Promise<void> {
  const pathway = await fixturePathway();
  const r = await sustainedIngest(pathway);
  console.log(
    `Sustained ingest at ${RATE}/s: ${r.total} progress events published over ${r.publishSeconds.toFixed(1)} s to ${SUSTAINED_LEARNERS} learners; ${r.folded} folded, all done after ${r.drainSeconds.toFixed(1)} s = ${(r.folded / r.drainSeconds).toFixed(1)} events/s`,
  );
  if (r.lags.length > 0)
    console.log(
      `Publish → folded into the learner's model: ${formatPercentiles(percentiles(r.lags), 0, ['max'])}`,
    );
  console.log(
    `Errors: ${r.publishErrors} failed publishes, ${r.notFolded} events not folded ${SETTLE_MS / 1000} s after the last publish`,
  );
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const stack = await startStack({ port: 0 });
  ({ services } = stack);
  await (async () => {
    await report();
    await reportSustained();
  })().finally(() => stack.stop());
}

runMain(main, { exitWhenDone: true, stackOnError: true });
