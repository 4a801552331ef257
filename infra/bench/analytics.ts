/**
 * npm run bench:analytics — runs inside the emulators and prints:
 *  - the dashboard's read latency and Firestore document reads for one learner with 100, 10,000
 *    and 100,000 events of history (50 a day, the last 30 days included): the stored aggregates
 *    are written as `replay` of the stream computes them, which the tests prove equal to what the
 *    trigger folds, so building a 100,000-event history takes seconds;
 *  - event-to-dashboard delay: a completion stored in the learner's stream until the dashboard
 *    counts it, through the Firestore trigger and the fold (p50/p95), with the pipeline idle;
 *  - fold throughput: a burst of one learner's events, and many learners' at once, folded
 *    concurrently through the aggregator (as the trigger does per stored event), with outcomes.
 * Figures only: nothing here asserts on time.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Services } from '../../functions/services';
import type { Caller } from '../../shared/auth';
import { replay } from '../../shared/analytics/replay';
import { learnerEvent, type LearnerEvent } from '../../shared/learner/events';
import { ioStats } from '../../shared/platform/io-stats';
import { runMain } from '../cli';
import { formatPercentiles, percentiles } from './common';
import { benchInStack } from './in-stack';

const ZONE = 'Europe/Paris';
const PER_DAY = 50;
const READ_SAMPLES = 20;
const DELAY_SAMPLES = 20;

let services: Services;

const caller = (uid: string): Caller => ({
  uid,
  role: 'learner',
  email: undefined,
  name: undefined,
});

/** The `i`-th of a learner's events, `daysAgo` days back: views, progress, completions, quizzes. */
function eventAt(uid: string, i: number, at: Date): LearnerEvent {
  const where = { pathway_id: 'bench-p', module_id: 'bench-m', resource_id: `bench-r${i % 40}` };
  const base = {
    user_id: uid,
    occurred_at: at.toISOString(),
    source: { type: 'api' as const, id: `b${i}` },
  };
  switch (i % 5) {
    case 0:
      return learnerEvent({ ...base, kind: 'viewed', data: where });
    case 1:
      return learnerEvent({
        ...base,
        kind: 'progressed',
        data: {
          ...where,
          progress_percentage: 50,
          time_spent_minutes: 5,
          time_added_minutes: 5,
          position_seconds: null,
          previous_position_seconds: null,
          watch_time_seconds: null,
        },
      });
    case 2:
      return learnerEvent({ ...base, kind: 'completed', data: { ...where, scope: 'resource' } });
    case 3:
      return learnerEvent({
        ...base,
        kind: 'quiz_attempted',
        data: {
          ...where,
          attempt_number: 1,
          score: i % 100,
          max_score: 100,
          percentage: i % 100,
          passing_score: 70,
          passed: i % 100 >= 70,
          responses: [],
          skills: [`skill_${i % 7}`],
        },
      });
    default:
      return learnerEvent({ ...base, kind: 'started', data: where });
  }
}

/** `count` events, PER_DAY a day ending today, in the learner's evenings. */
function history(uid: string, count: number): LearnerEvent[] {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  return Array.from({ length: count }, (_, i) => {
    const day = Math.floor(i / PER_DAY);
    return eventAt(
      uid,
      i,
      today
        .minus({ days: day })
        .plus({ hours: 18, seconds: (i % PER_DAY) * 60 })
        .toJSDate(),
    );
  });
}

async function seedAggregates(uid: string, events: LearnerEvent[]): Promise<number> {
  const { stored } = replay(uid, events, ZONE);
  const user = services.clients.firestore.collection('users').doc(uid);
  const writer = services.clients.firestore.bulkWriter();
  for (const [date, day] of Object.entries(stored.days))
    void writer.set(user.collection('analyticsDays').doc(date), day);
  void writer.set(user.collection('analytics').doc('summary'), stored.summary);
  await writer.close();
  return Object.keys(stored.days).length;
}

async function dashboardCost(count: number) {
  const uid = `bench-analytics-${count}-${randomUUID().slice(0, 6)}`;
  const days = await seedAggregates(uid, history(uid, count));
  const latencies: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < READ_SAMPLES; i += 1) {
    ioStats.reset();
    const started = performance.now();
    await services.analytics.dashboard.dashboard(
      caller(uid),
      {},
      { days: 30 },
      { requestId: 'bench' },
    );
    latencies.push(performance.now() - started);
    reads.push(ioStats.reads);
  }
  const { p50, p95 } = percentiles(latencies);
  return { count, days, p50, p95, reads: Math.max(...reads) };
}

/** Stores a learner's events (in the stream, as the ingest does) and folds each concurrently. */
async function foldBurst(learners: number, perLearner: number) {
  const outcomes: Record<string, number> = {};
  const all: { uid: string; id: string }[] = [];
  for (let l = 0; l < learners; l += 1) {
    const uid = `bench-fold-${l}-${randomUUID().slice(0, 6)}`;
    const events = Array.from({ length: perLearner }, (_, i) =>
      eventAt(uid, i, new Date(Date.now() - (perLearner - i) * 20_000)),
    );
    for (let c = 0; c < events.length; c += 100)
      await services.learner.repository.storeOnce(uid, events.slice(c, c + 100), new Date());
    all.push(...events.map((e) => ({ uid, id: e.id })));
  }
  ioStats.reset();
  const started = performance.now();
  await Promise.all(
    all.map(async ({ uid, id }) => {
      const outcome = await services.analytics.aggregator.apply(uid, id);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { events: all.length, seconds, outcomes, writes: ioStats.writes };
}

/** A completion stored now, until the learner's dashboard counts it. */
async function delaySample(): Promise<number> {
  const uid = `bench-delay-${randomUUID().slice(0, 8)}`;
  const event = eventAt(uid, 2, new Date());
  const started = performance.now();
  await services.learner.repository.storeOnce(uid, [event], new Date());
  for (;;) {
    const board = await services.analytics.dashboard.dashboard(
      caller(uid),
      {},
      { days: 30 },
      { requestId: 'bench' },
    );
    if (board.performance_summary.lessons_completed === 1) return performance.now() - started;
    if (performance.now() - started > 30_000) throw new Error('Not on the dashboard within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function report(): Promise<void> {
  console.log('');
  for (const count of [100, 10_000, 100_000]) {
    const r = await dashboardCost(count);
    console.log(
      `Dashboard, ${r.count} events of history (${r.days} day documents): ${r.reads} document reads, ${formatPercentiles(r)} (${READ_SAMPLES} reads)`,
    );
  }
  // Before the bursts: each burst's stored events also reach the Firestore trigger, whose
  // backlog a delay sample would otherwise wait behind.
  const delays: number[] = [];
  for (let i = 0; i < DELAY_SAMPLES; i += 1) delays.push(await delaySample());
  console.log(
    `Event stored → on the dashboard (${DELAY_SAMPLES} samples, Firestore trigger + fold): ${formatPercentiles(percentiles(delays), 0)}`,
  );
  for (const [learners, perLearner] of [
    [1, 200],
    [20, 25],
  ] as const) {
    const f = await foldBurst(learners, perLearner);
    console.log(
      `Fold: ${f.events} events (${learners} learner(s) × ${perLearner}, all at once) in ${f.seconds.toFixed(2)} s = ${(f.events / f.seconds).toFixed(0)} events/s, ${(f.writes / f.events).toFixed(1)} writes/event; outcomes ${JSON.stringify(f.outcomes)} (the trigger folds the same events meanwhile: its copies are the duplicates)`,
    );
  }
}

async function main(): Promise<void> {
  await benchInStack(async (built) => {
    services = built;
    await report();
  });
}

runMain(main, { exitWhenDone: true, stackOnError: true });
