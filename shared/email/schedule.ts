import { DateTime, IANAZone } from 'luxon';
import type { QuietHours } from './preferences';

/**
 * Time rules for mail, in the learner's own timezone. Wall-clock arithmetic is luxon's: adding a
 * week keeps 09:00 at 09:00 across a DST change, and a local time that does not exist (inside a
 * spring-forward gap) moves forward to the first one that does.
 */

/** The weekly report goes out on Monday at 09:00 local time and covers the week before. */
export const WEEKLY_REPORT = { weekday: 1, hour: 9, minute: 0 } as const;

export const FALLBACK_TIMEZONE = 'UTC';

/** A profile's timezone if it is a real IANA zone, else UTC (so a bad value never blocks mail). */
export function resolveTimezone(zone: string | null | undefined): string {
  return zone && IANAZone.isValidZone(zone) ? zone : FALLBACK_TIMEZONE;
}

function local(at: Date, zone: string): DateTime {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown timezone ${zone}`);
  return DateTime.fromJSDate(at, { zone });
}

export interface ReportWeek {
  /** ISO week of the covered week in the learner's calendar, e.g. `2025-W10`: the mail's period. */
  period: string;
  /** First and last local day covered (Monday, Sunday). */
  start: string;
  end: string;
  /** The covered week as instants, end exclusive, for querying the learner's events. */
  from: Date;
  until: Date;
}

/** The local week before the one containing `sendAt`. */
export function reportWeek(sendAt: Date, zone: string): ReportWeek {
  const monday = local(sendAt, zone).startOf('week').minus({ weeks: 1 });
  return {
    period: monday.toFormat("kkkk-'W'WW"),
    start: monday.toISODate()!,
    end: monday.plus({ days: 6 }).toISODate()!,
    from: monday.toJSDate(),
    until: monday.plus({ weeks: 1 }).toJSDate(),
  };
}

/** The next weekly-report time strictly after `now`, with the week it reports on. */
export function nextWeeklyReport(now: Date, zone: string): { at: Date; week: ReportWeek } {
  const here = local(now, zone);
  const atTime = (d: DateTime) =>
    d.set({ hour: WEEKLY_REPORT.hour, minute: WEEKLY_REPORT.minute, second: 0, millisecond: 0 });
  let candidate = atTime(here.startOf('week').plus({ days: WEEKLY_REPORT.weekday - 1 }));
  if (candidate <= here) candidate = atTime(candidate.plus({ weeks: 1 }));
  const at = candidate.toJSDate();
  return { at, week: reportWeek(at, zone) };
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Whether `at` falls inside the learner's quiet hours (start inclusive, end exclusive). */
export function isQuiet(at: Date, zone: string, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const t = local(at, zone);
  const minute = t.hour * 60 + t.minute + t.second / 60 + t.millisecond / 60000;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * When a message may be sent: now, unless it is deferrable and now is inside quiet hours; then
 * the end of this quiet period, in the learner's local time.
 */
export function nextAllowedSendTime(input: {
  now: Date;
  timezone: string;
  quietHours: QuietHours | null;
  timing: 'immediate' | 'deferrable';
}): Date {
  const { now, timezone, quietHours } = input;
  if (input.timing === 'immediate' || !quietHours || !isQuiet(now, timezone, quietHours)) {
    return now;
  }
  const here = local(now, timezone);
  const end = minutesOf(quietHours.end);
  const endToday = here.set({
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
    millisecond: 0,
  });
  // Inside quiet hours and already past today's end: the period ends tomorrow.
  const at = endToday > here ? endToday : endToday.plus({ days: 1 });
  return at.toJSDate();
}
