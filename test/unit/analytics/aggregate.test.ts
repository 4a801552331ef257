import fc from 'fast-check';
import { AnalyticsAggregator, type AggregateStore } from '../../../shared/analytics/aggregate';
import type { DayBucket } from '../../../shared/analytics/bucket';
import { activeRunEnding, replay } from '../../../shared/analytics/replay';
import type { AnalyticsSummary } from '../../../shared/analytics/summary';
import { compareEvents, type LearnerEvent } from '../../../shared/learner/events';
import type { Transaction } from 'firebase-admin/firestore';
import { streamOf } from '../../helpers/learner-events';

/** The repository in memory: a stream that grows, and the documents the aggregator writes. */
class MemoryStore implements AggregateStore {
  readonly events = new Map<string, LearnerEvent>();
  readonly days: Record<string, DayBucket> = {};
  summary: AnalyticsSummary | null = null;
  constructor(private readonly zone: string) {}
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return work({} as Transaction);
  }
  erasing = false;
  async txErased() {
    return this.erasing;
  }
  async txSummary() {
    return structuredClone(this.summary);
  }
  async event(_uid: string, eventId: string) {
    return this.events.get(eventId) ?? null;
  }
  async profileTimezone() {
    return this.zone;
  }
  async txDay(_tx: Transaction, _uid: string, day: string) {
    return structuredClone(this.days[day] ?? null);
  }
  async eventsBetween(_uid: string, [from, until]: [string, string]) {
    return [...this.events.values()]
      .filter((e) => e.id >= from && e.id < until)
      .sort(compareEvents);
  }
  async activeRunEnding(_uid: string, day: string) {
    return activeRunEnding(this.days, day);
  }
  txWrite(_tx: Transaction, _uid: string, day: DayBucket | null, summary: AnalyticsSummary | null) {
    if (day) this.days[day.date] = structuredClone(day);
    if (summary) this.summary = structuredClone(summary);
  }
}

const s = streamOf('u1');
const zones = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'];

/** A learner's fortnight: any mix of kinds at any minute, around a DST change in some zones. */
const eventArb = fc
  .record({
    minute: fc.integer({ min: 0, max: 14 * 24 * 60 }),
    kind: fc.integer({ min: 0, max: 6 }),
    score: fc.integer({ min: 0, max: 100 }),
    resource: fc.constantFrom('r1', 'r2', 'q1', 'q2'),
  })
  .map(({ minute, kind, score, resource }) => {
    const at = new Date(Date.parse('2026-03-20T00:00:00Z') + minute * 60_000).toISOString();
    switch (kind) {
      case 0:
        return s.viewed(at, resource);
      case 1:
        return s.progressed(at, score / 10, resource);
      case 2:
        return s.completed(at, resource);
      case 3:
        return s.quiz(at, score, { resource, skills: score % 2 ? ['python'] : ['sql', 'python'] });
      case 4:
        return s.reviewed(at);
      case 5:
        return s.goal(at, resource, score % 3 === 0 ? 'archived' : 'active', `Goal ${score}`);
      default:
        return s.started(at, resource);
    }
  });

describe('the incremental aggregates', () => {
  it('equal a replay from scratch, whatever the storage order, duplicates and late deliveries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...zones),
        fc.array(fc.nat(), { minLength: 120, maxLength: 120 }),
        async (events, zone, dice) => {
          let roll = 0;
          const next = (n: number) => (dice[roll++ % dice.length] as number) % n;
          const store = new MemoryStore(zone);
          const aggregator = new AnalyticsAggregator(store);
          // Stored in a random order; each stored event delivered once or twice, at once or later.
          const pending: string[] = [];
          const order = [...events].sort(() => next(3) - 1);
          for (const event of order) {
            store.events.set(event.id, event);
            pending.push(event.id);
            if (next(3) === 0) pending.push(event.id);
            while (pending.length > 0 && next(2) === 0)
              await aggregator.apply('u1', pending.splice(next(pending.length), 1)[0] as string);
          }
          while (pending.length > 0)
            await aggregator.apply('u1', pending.splice(next(pending.length), 1)[0] as string);
          const expected = replay('u1', events, zone);
          expect(store.days).toEqual(expected.days);
          expect(store.summary).toEqual(expected.summary);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('joins a streak when a late event fills the day before it', async () => {
    const store = new MemoryStore('UTC');
    const aggregator = new AnalyticsAggregator(store);
    const days = ['2026-01-01', '2026-01-02', '2026-01-04', '2026-01-05', '2026-01-03'];
    for (const day of days) {
      const event = s.viewed(`${day}T10:00:00Z`);
      store.events.set(event.id, event);
      expect(await aggregator.apply('u1', event.id)).toBe('folded');
    }
    expect(store.summary?.streak).toEqual({ end: '2026-01-05', length: 5 });
  });

  it('derives nothing more about an account being erased', async () => {
    const store = new MemoryStore('UTC');
    store.erasing = true;
    const event = s.completed('2026-03-20T10:00:00Z', 'r1');
    store.events.set(event.id, event);
    expect(await new AnalyticsAggregator(store).apply(event.user_id, event.id)).toBe('erased');
    expect(store.summary).toBeNull();
    expect(Object.keys(store.days)).toEqual([]);
  });

  it('writes nothing for a repeated event and skips an event that is not stored', async () => {
    const store = new MemoryStore('UTC');
    const aggregator = new AnalyticsAggregator(store);
    const first = s.viewed('2026-01-01T10:00:00Z');
    const second = s.viewed('2026-01-01T10:05:00Z');
    store.events.set(first.id, first);
    store.events.set(second.id, second);
    expect(await aggregator.apply('u1', second.id)).toBe('folded');
    expect(await aggregator.apply('u1', first.id)).toBe('refolded');
    expect(await aggregator.apply('u1', first.id)).toBe('duplicate');
    expect(await aggregator.apply('u1', second.id)).toBe('duplicate');
    expect(await aggregator.apply('u1', 'nope')).toBe('missing');
    expect(store.days['2026-01-01']?.events).toBe(2);
  });
});
