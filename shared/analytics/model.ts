import { LearnerCollections } from '../learner/model';

/**
 * Analytics documents, per learner and written only by the analytics trigger (clients read
 * their own, never write):
 *
 * - `users/{uid}/analyticsDays/{yyyy-mm-dd}`: one learner's local day (bucket.ts), id = the day,
 *   so a window of days is one range query in id order;
 * - `users/{uid}/analytics/summary`: all-time totals, the streak, the current goals
 *   (summary.ts) and the timezone the days are cut in.
 *
 * Each is written by one learner's own events, so neither is a hot document; neither holds a
 * growing array.
 */
export const AnalyticsCollections = {
  users: LearnerCollections.users,
  events: LearnerCollections.events,
  days: 'analyticsDays',
  analytics: 'analytics',
} as const;

export const SUMMARY_DOC = 'summary';
