import { compareEvents, type LearnerEvent } from '../learner/events';
import { foldEvent, type DayBucket } from './bucket';
import {
  applyDayChange,
  applyGoal,
  emptySummary,
  needsRunBefore,
  type AnalyticsSummary,
} from './summary';
import { addDays, localDay } from './time';

export interface Aggregates {
  days: Record<string, DayBucket>;
  summary: AnalyticsSummary;
}

/** Consecutive active days ending on `day`. */
export function activeRunEnding(days: Record<string, DayBucket>, day: string): number {
  let run = 0;
  for (let d = day; (days[d]?.activity_events ?? 0) > 0; d = addDays(d, -1)) run += 1;
  return run;
}

/**
 * Every stored aggregate of a learner from their whole stream, from scratch: the definition the
 * incremental trigger must match exactly. Events may come in any order and repeated.
 */
export function replay(userId: string, events: readonly LearnerEvent[], zone: string): Aggregates {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(compareEvents);
  const days: Record<string, DayBucket> = {};
  let summary = emptySummary(userId, zone);
  for (const event of unique) {
    const date = localDay(event.occurred_at, zone);
    const before = days[date] ?? null;
    const after = foldEvent(before, event, zone);
    const run = needsRunBefore(summary, before, after)
      ? activeRunEnding(days, addDays(date, -1))
      : 0;
    summary = applyDayChange(summary, before, after, run);
    if (event.kind === 'goal_set') summary = applyGoal(summary, event);
    days[date] = after;
  }
  return { days, summary };
}
