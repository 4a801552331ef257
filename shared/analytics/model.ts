import { LearnerCollections } from '../learner/model';

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
 */
export const AnalyticsCollections = {
  users: LearnerCollections.users,
  events: LearnerCollections.events,
  days: 'analyticsDays',
  analytics: 'analytics',
  folded: 'analyticsFolded',
} as const;

export const SUMMARY_DOC = 'summary';
