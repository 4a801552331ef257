import { LearnerCollections } from '../learner/model';
import type { Adjustment } from './adjustment';

/**
 * Analytics documents, per learner and written only by the analytics trigger (clients read
 * their own, never write):
 *
 * - `users/{uid}/analyticsDays/{yyyy-mm-dd}`: one learner's local day (bucket.ts), id = the day,
 *   so a window of days is one range query in id order;
 * - `users/{uid}/analytics/summary`: the timezone the days are cut in, the active days and the
 *   goal changes (summary.ts);
 * - `users/{uid}/analyticsFolded/{eventId}`: that the event was added in, so a repeated delivery
 *   adds nothing (the days and the summary are sums, see additive.ts).
 *
 * Each is written by one learner's own events, with blind writes that never wait for each other.
 * Apart from these, the weekly job writes `users/{uid}/weeklyAdjustments/{isoWeek}` once per
 * learner and week (adjustment-job.ts); nothing rewrites one.
 */
export const AnalyticsCollections = {
  users: LearnerCollections.users,
  events: LearnerCollections.events,
  days: 'analyticsDays',
  analytics: 'analytics',
  folded: 'analyticsFolded',
  adjustments: 'weeklyAdjustments',
} as const;

export const SUMMARY_DOC = 'summary';

/** A learner's stored weekly adjustment (`users/{uid}/weeklyAdjustments/{week}`). */
export interface WeeklyAdjustmentDoc {
  user_id: string;
  /** ISO week id, `2026-W48`: the week it is for (the document id). */
  week: string;
  /** The Sunday that ended the week it read. */
  week_ending: string;
  timezone: string;
  adjustments: Adjustment[];
  made_at: string;
}
