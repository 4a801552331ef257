import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { addDays, daysBetween, localDay } from './time';

/**
 * The weekly adjustment's calendar, pure. An adjustment is made once per learner and ISO week
 * (`2026-W48`, Monday to Sunday in the learner's timezone), for that week, from the seven days
 * that ended on the Sunday before it. So a job that runs at any moment of a learner's week makes
 * the same adjustment, and a job that runs twice names the same task and the same document.
 */

/** Days of a learner's history an adjustment reads: the week before and three for the pace target. */
export const ADJUSTMENT_WINDOW_DAYS = 28;

/** A learner counts as active for the job with an active day within this many days. */
export const ACTIVE_WITHIN_DAYS = 28;

const ISO_WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

export interface AdjustmentWeek {
  /** ISO week id, `2026-W48`: the document id and part of the task name. */
  week: string;
  /** Its Monday, the learner's local date. */
  monday: string;
  /** The Sunday before it: the last day the adjustment reads. */
  week_ending: string;
}

function fromMonday(monday: DateTime): AdjustmentWeek {
  const day = monday.toISODate() as string;
  return {
    week: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    monday: day,
    week_ending: addDays(day, -1),
  };
}

/** The learner's ISO week at `now` in `zone`. */
export function adjustmentWeekAt(now: Date, zone: string): AdjustmentWeek {
  const today = localDay(now, zone);
  return fromMonday(DateTime.fromISO(today, { zone: 'UTC' }).startOf('week'));
}

/** The week an ISO week id names; a RangeError for anything else (`2026-W54`, `2026-w1`). */
export function parseAdjustmentWeek(week: string): AdjustmentWeek {
  const match = ISO_WEEK.exec(week);
  const monday = match ? DateTime.fromISO(`${week}-1`, { zone: 'UTC' }) : null;
  if (!monday?.isValid) throw new RangeError(`Not an ISO week: ${week}`);
  const parsed = fromMonday(monday);
  // 2026 has 53 weeks, 2027 has 52: luxon rolls 2027-W53 over into 2028, which is not that week.
  if (parsed.week !== week) throw new RangeError(`Not an ISO week: ${week}`);
  return parsed;
}

export function isIsoWeek(week: string): boolean {
  try {
    parseAdjustmentWeek(week);
    return true;
  } catch {
    return false;
  }
}

/** Whether the learner's last active day lies within ACTIVE_WITHIN_DAYS before `today`. */
export function isActiveLearner(lastActiveDay: string | null, today: string): boolean {
  if (lastActiveDay === null) return false;
  const ago = daysBetween(lastActiveDay, today);
  return ago >= 0 ? ago < ACTIVE_WITHIN_DAYS : true;
}

/**
 * The Cloud Tasks task id of a learner's adjustment for a week. A uid may hold characters a task
 * id may not, so it is hashed; the week keeps the name readable in the console.
 */
export function adjustmentTaskId(uid: string, week: string): string {
  const user = createHash('sha256').update(uid).digest('hex').slice(0, 32);
  return `adjust-${week}-${user}`;
}
