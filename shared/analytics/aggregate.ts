import { stringify } from 'safe-stable-stringify';
import { isKind, type LearnerEvent } from '../learner/events';
import { dayFromEvents, foldEvent, type DayBucket } from './bucket';
import type { AnalyticsRepository } from './repository';
import {
  applyDayChange,
  applyGoal,
  emptySummary,
  needsRunBefore,
  type AnalyticsSummary,
} from './summary';
import { addDays, dayRange, localDay } from './time';

/** Same content, whatever the key order or the realm the objects were made in (Firestore's). */
const same = (a: unknown, b: unknown) => stringify(a) === stringify(b);

export type ApplyOutcome = 'folded' | 'refolded' | 'duplicate' | 'missing' | 'erased';

/** What the aggregator needs of the repository. */
export type AggregateStore = Pick<
  AnalyticsRepository,
  | 'transaction'
  | 'txSummary'
  | 'txDay'
  | 'event'
  | 'profileTimezone'
  | 'eventsBetween'
  | 'activeRunEnding'
  | 'txWrite'
  | 'txErased'
>;

function withGoals(summary: AnalyticsSummary, events: readonly LearnerEvent[]): AnalyticsSummary {
  return events.reduce((s, e) => (isKind(e, 'goal_set') ? applyGoal(s, e) : s), summary);
}

/**
 * Folds one stored learner event into the learner's day and summary, in one transaction. The
 * common case is O(1): the event follows everything folded into its day, so it is added. An
 * event at or before the day's last folded event is a duplicate delivery or arrived late: the
 * day is refolded from its events, which is idempotent, and nothing is written when nothing
 * changed. Either way the result is what `replay` computes from the whole stream.
 *
 * Every decision that reads more than the day (the streak, which looks at earlier days) also
 * reads and, when it changes, writes the summary in the transaction, so two days turning active
 * at once are ordered by the summary: the later commit retries and sees the earlier one.
 */
export class AnalyticsAggregator {
  constructor(private readonly repo: AggregateStore) {}

  async apply(uid: string, eventId: string): Promise<ApplyOutcome> {
    const event = await this.repo.event(uid, eventId);
    if (!event || event.user_id !== uid) return 'missing';
    return this.repo.transaction(async (tx) => {
      // Read in the transaction: a deletion either waits for this commit (its later step removes
      // what this wrote) or is seen here, and nothing is written back after it.
      if (await this.repo.txErased(tx, uid)) return 'erased';
      const stored = await this.repo.txSummary(tx, uid);
      const zone = stored?.timezone ?? (await this.repo.profileTimezone(uid));
      const summary = stored ?? emptySummary(uid, zone);
      const date = localDay(event.occurred_at, zone);
      const before = await this.repo.txDay(tx, uid, date);
      let after: DayBucket;
      let goals: LearnerEvent[] = [event];
      let outcome: ApplyOutcome = 'folded';
      if (before === null || event.id > before.last_event_id) {
        after = foldEvent(before, event, zone);
      } else {
        const events = await this.repo.eventsBetween(uid, dayRange(date, zone).ids);
        after = dayFromEvents(date, events, zone) ?? foldEvent(null, event, zone);
        goals = events;
        outcome = 'refolded';
      }
      const run = needsRunBefore(summary, before, after)
        ? await this.repo.activeRunEnding(uid, addDays(date, -1))
        : 0;
      const next = withGoals(applyDayChange(summary, before, after, run), goals);
      const dayChanged = !same(before, after);
      const summaryChanged = stored === null || !same(stored, next);
      if (!dayChanged && !summaryChanged) return 'duplicate';
      this.repo.txWrite(tx, uid, dayChanged ? after : null, summaryChanged ? next : null);
      return outcome;
    });
  }
}
