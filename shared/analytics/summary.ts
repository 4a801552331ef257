import type { LearnerEventOf } from '../learner/events';
import type { DayBucket } from './bucket';
import { addDays, daysBetween } from './time';

/**
 * The learner's analytics summary (`users/{uid}/analytics/summary`): the timezone days are cut
 * in, the active days, the activity streak and the current goals. Pure. It changes only when a
 * day becomes active or a goal changes — not on every event — so a learner's concurrent events
 * contend on their day document, not on this one. Goals keep the newest `goal_set` event of each
 * goal, so duplicates and late events change nothing.
 */

export interface GoalEntry {
  event_id: string;
  goal_id: string;
  title: string;
  targets: { skill_id: string; target_level: number }[];
  deadline: string | null;
  status: 'active' | 'achieved' | 'archived';
  set_at: string;
}

export interface AnalyticsSummary {
  user_id: string;
  timezone: string;
  /** Days with activity of the learner's own. */
  active_days: number;
  first_active_day: string | null;
  last_active_day: string | null;
  /** The run of consecutive active days that ends on the last active day. */
  streak: { end: string | null; length: number };
  goals: Record<string, GoalEntry>;
}

export function emptySummary(userId: string, timezone: string): AnalyticsSummary {
  return {
    user_id: userId,
    timezone,
    active_days: 0,
    first_active_day: null,
    last_active_day: null,
    streak: { end: null, length: 0 },
    goals: {},
  };
}

const isActive = (day: DayBucket | null) => (day?.activity_events ?? 0) > 0;

/** Whether a day becoming active needs the run of active days that ends the day before it. */
export function needsRunBefore(
  summary: AnalyticsSummary,
  before: DayBucket | null,
  after: DayBucket,
): boolean {
  const { end, length } = summary.streak;
  if (isActive(before) || !isActive(after) || end === null) return false;
  return after.date === addDays(end, -length);
}

/**
 * The summary once a day document changed from `before` to `after`. `runBefore` is the number
 * of consecutive active days ending the day before `after.date`; it matters only when
 * `needsRunBefore` says so (a late event fills the gap just before the streak).
 */
export function applyDayChange(
  summary: AnalyticsSummary,
  before: DayBucket | null,
  after: DayBucket,
  runBefore: number,
): AnalyticsSummary {
  if (isActive(before) || !isActive(after)) return summary;
  const next: AnalyticsSummary = structuredClone(summary);
  const day = after.date;
  next.active_days += 1;
  if (next.first_active_day === null || day < next.first_active_day) next.first_active_day = day;
  if (next.last_active_day === null || day > next.last_active_day) next.last_active_day = day;
  const { end, length } = summary.streak;
  if (end === null || daysBetween(end, day) > 1) next.streak = { end: day, length: 1 };
  else if (daysBetween(end, day) === 1) next.streak = { end: day, length: length + 1 };
  else if (day === addDays(end, -length)) next.streak = { end, length: length + 1 + runBefore };
  return next;
}

/** The summary with a goal change: the newest event of each goal wins. */
export function applyGoal(
  summary: AnalyticsSummary,
  event: LearnerEventOf<'goal_set'>,
): AnalyticsSummary {
  const current = summary.goals[event.data.goal_id];
  if (current && current.event_id >= event.id) return summary;
  return {
    ...summary,
    goals: {
      ...summary.goals,
      [event.data.goal_id]: {
        event_id: event.id,
        goal_id: event.data.goal_id,
        title: event.data.title,
        targets: event.data.targets,
        deadline: event.data.deadline,
        status: event.data.status,
        set_at: event.occurred_at,
      },
    },
  };
}

/** The streak as the learner sees it today: it lapses once a whole day passes without activity. */
export function currentStreak(summary: Pick<AnalyticsSummary, 'streak'>, today: string): number {
  const { end, length } = summary.streak;
  if (end === null) return 0;
  const gap = daysBetween(end, today);
  return gap === 0 || gap === 1 ? length : 0;
}
