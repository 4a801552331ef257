/**
 * npm run bench:learner-model — runs inside the emulators and prints:
 *  - events ingested per second: progress events mapped, stored once and folded into the
 *    learner's model (levels, recommendations), many learners at once, as the consumer does;
 *  - the latency from publishing a progress event on `progress-events` to the learner's updated
 *    recommendation in Firestore, through Pub/Sub, the consumer function and the refold (p50/p95).
 * Figures only: nothing here asserts on time.
 */
import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import { CatalogCollections, type Outline, type PathwayDoc } from '../../shared/catalog/model';
import type { ProgressEvent } from '../../shared/events';
import { LearnerCollections } from '../../shared/learner/model';
import { Topics } from '../../shared/triggers';
import { runMain } from '../cli';
import { startStack } from '../local/stack';
import { quantile } from './common';

const LEARNERS = 20;
const EVENTS_PER_LEARNER = 40;
const LATENCY_SAMPLES = 40;
const RESOURCES = 50;

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
    title: 'Learner model benchmark',
    description: null,
    difficulty: 'beginner',
    status: 'published',
    owner_uid: 'bench',
    outline,
    outline_version: 1,
    created_at: now,
    updated_at: now,
    published_at: now,
    archived_at: null,
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

/** What the consumer does per message, for many learners at once: store, then refold. */
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
        await services.learner.refold.refresh(userId, [...stored, ...duplicates]);
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

async function report(): Promise<void> {
  const pathway = await fixturePathway();
  const ingest = await ingestThroughput(pathway);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) latencies.push(await latencySample(pathway));
  latencies.sort((a, b) => a - b);
  console.log('');
  console.log(
    `Ingest: ${ingest.events} progress events (${LEARNERS} learners × ${EVENTS_PER_LEARNER}) stored and folded in ${ingest.seconds.toFixed(2)} s = ${(ingest.events / ingest.seconds).toFixed(0)} events/s`,
  );
  console.log(
    `Progress event → updated recommendation (${LATENCY_SAMPLES} samples, Pub/Sub + consumer + refold): p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const stack = await startStack({ port: 0 });
  ({ services } = stack);
  await report().finally(() => stack.stop());
}

runMain(main, { exitWhenDone: true, stackOnError: true });
