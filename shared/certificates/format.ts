import type { Difficulty } from './model';

/** How frozen values read on the certificate: English, unambiguous, independent of the server. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-11-22` → `22 November 2026`: day-month-year with the month spelled out reads the same everywhere. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`Not a calendar date: ${isoDate}`);
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** A UTC instant → its calendar date, formatted as `formatDate` does. */
export function formatInstantDate(instant: Date): string {
  return formatDate(instant.toISOString().slice(0, 10));
}

/** 270 → `4 h 30 min`, 45 → `45 min`, 120 → `2 h`, 0 → `0 min`. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function formatDifficulty(difficulty: Difficulty): string {
  return difficulty.charAt(0).toUpperCase() + difficulty.slice(1);
}

/** The calendar date of `instant` in `timeZone` (IANA), `YYYY-MM-DD`: the completion date printed. */
export function calendarDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
