import { DateTime, IANAZone } from 'luxon';
import { sortableTime } from '../learner/events';
import { WEEKDAYS, type Weekday } from './weekdays';

/**
 * Calendar rules for analytics, in the learner's own timezone (luxon does the wall-clock work,
 * so a day across a DST change is 23 or 25 hours and still one day). Days are ISO dates
 * (`2026-01-15`), which sort as text in calendar order and so serve as document ids.
 */

export { WEEKDAYS, type Weekday } from './weekdays';

function zoned(at: Date | string, zone: string): DateTime {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown timezone ${zone}`);
  const instant = typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at);
  return instant.setZone(zone);
}

/** The learner's calendar day of an instant. */
export function localDay(at: Date | string, zone: string): string {
  return zoned(at, zone).toISODate() as string;
}

/** The learner's wall-clock hour (0–23) of an instant. */
export function localHour(at: Date | string, zone: string): number {
  return zoned(at, zone).hour;
}

function parseDay(day: string): DateTime {
  const parsed = DateTime.fromISO(day, { zone: 'UTC' });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new RangeError(`Not a day: ${day}`);
  return parsed;
}

export function addDays(day: string, days: number): string {
  return parseDay(day).plus({ days }).toISODate() as string;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(parseDay(to).diff(parseDay(from), 'days').days);
}

export function weekdayOf(day: string): Weekday {
  return WEEKDAYS[parseDay(day).weekday - 1] as Weekday;
}

/** The instants a local day covers, end exclusive, and the event-id range they span. */
export function dayRange(
  day: string,
  zone: string,
): { from: Date; until: Date; ids: [string, string] } {
  const start = DateTime.fromISO(day, { zone });
  if (!start.isValid) throw new RangeError(`Not a day in ${zone}: ${day}`);
  const from = start.startOf('day').toJSDate();
  const until = start.startOf('day').plus({ days: 1 }).toJSDate();
  return {
    from,
    until,
    ids: [sortableTime(from.toISOString()), sortableTime(until.toISOString())],
  };
}

/** The last `days` local days ending today: the first day of the window and today. */
export function windowDays(
  now: Date,
  zone: string,
  days: number,
): { first: string; today: string } {
  const today = localDay(now, zone);
  return { first: addDays(today, -(days - 1)), today };
}
