import type { LearnerEvent } from '../learner/events';
import type { Part } from './additive';
import { isActivity } from './bucket';
import { daysBetween, localDay } from './time';

/**
 * The learner's analytics summary (`users/{uid}/analytics/summary`): the timezone days are cut
 * in (fixed by the learner's first folded event), the set of active days and every goal change.
 * Like a day it is a sum of per-event parts (`summaryPart`): a set of days and changes keyed by
 * event id, written blind, so a burst of events never contends on it. The streak, the counts and
 * each goal's current state (its newest change) are derived when it is read (`summaryView`), from
 * this one document. An active day costs about 20 bytes: a lifetime of study fits.
 */

export interface GoalChange {
  title: string;
  targets: { skill_id: string; target_level: number }[];
  deadline: string | null;
  status: 'active' | 'achieved' | 'archived';
  set_at: string;
}

export interface SummaryDoc {
  user_id: string;
  timezone: string;
  /** Local days with activity of the learner's own. */
  active?: Record<string, true>;
  /** Per goal, each change by event id. */
  goals?: Record<string, Record<string, GoalChange>>;
}

export interface GoalEntry extends GoalChange {
  event_id: string;
  goal_id: string;
}

export interface AnalyticsSummary {
  user_id: string;
  timezone: string;
  active_days: number;
  first_active_day: string | null;
  last_active_day: string | null;
  /** The run of consecutive active days that ends on the last active day. */
  streak: { end: string | null; length: number };
  /** Each goal as its newest change left it. */
  goals: Record<string, GoalEntry>;
}

export function emptySummaryDoc(userId: string, timezone: string): SummaryDoc {
  return { user_id: userId, timezone };
}

/** What one event adds to the summary, or null when it adds nothing. */
export function summaryPart(event: LearnerEvent, zone: string): Part | null {
  const part: Part = {};
  if (isActivity(event)) part.active = { [localDay(event.occurred_at, zone)]: true };
  if (event.kind === 'goal_set') {
    const { goal_id, title, targets, deadline, status } = event.data;
    part.goals = {
      [goal_id]: { [event.id]: { title, targets, deadline, status, set_at: event.occurred_at } },
    };
  }
  return Object.keys(part).length > 0 ? part : null;
}

export function summaryView(doc: SummaryDoc): AnalyticsSummary {
  const days = Object.keys(doc.active ?? {}).sort();
  let length = 0;
  for (let i = days.length - 1; i >= 0; i -= 1) {
    const next = days[i + 1];
    if (next !== undefined && daysBetween(days[i] as string, next) !== 1) break;
    length += 1;
  }
  const goals: Record<string, GoalEntry> = {};
  for (const [goalId, changes] of Object.entries(doc.goals ?? {})) {
    const eventId = Object.keys(changes).sort().at(-1);
    if (eventId !== undefined)
      goals[goalId] = { event_id: eventId, goal_id: goalId, ...(changes[eventId] as GoalChange) };
  }
  return {
    user_id: doc.user_id,
    timezone: doc.timezone,
    active_days: days.length,
    first_active_day: days[0] ?? null,
    last_active_day: days.at(-1) ?? null,
    streak: { end: days.at(-1) ?? null, length },
    goals,
  };
}

/** The streak as the learner sees it today: it lapses once a whole day passes without activity. */
export function currentStreak(summary: Pick<AnalyticsSummary, 'streak'>, today: string): number {
  const { end, length } = summary.streak;
  if (end === null) return 0;
  const gap = daysBetween(end, today);
  return gap === 0 || gap === 1 ? length : 0;
}
