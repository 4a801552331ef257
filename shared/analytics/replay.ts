import type { LearnerEvent } from '../learner/events';
import { addInto } from './additive';
import { dayDocs, dayView, type DayBucket, type DayDoc } from './bucket';
import {
  emptySummaryDoc,
  summaryPart,
  summaryView,
  type AnalyticsSummary,
  type SummaryDoc,
} from './summary';

export interface Aggregates {
  /** The documents as stored. */
  stored: { days: Record<string, DayDoc>; summary: SummaryDoc };
  /** As the analytics read them. */
  days: Record<string, DayBucket>;
  summary: AnalyticsSummary;
}

/**
 * Every stored aggregate of a learner from their whole stream, from scratch: the definition the
 * incremental trigger must match exactly. Events may come in any order and repeated.
 */
export function replay(userId: string, events: readonly LearnerEvent[], zone: string): Aggregates {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const days = dayDocs(unique, zone);
  const summary = emptySummaryDoc(userId, zone);
  for (const event of unique) {
    const part = summaryPart(event, zone);
    if (part) addInto(summary as unknown as Record<string, unknown>, part);
  }
  return {
    stored: { days, summary },
    days: Object.fromEntries(Object.entries(days).map(([d, doc]) => [d, dayView(doc)])),
    summary: summaryView(summary),
  };
}
