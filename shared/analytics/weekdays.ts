/**
 * The days of the week, Monday first (ISO 8601 numbering is this list's index + 1). A module of
 * its own so the schemas that name them load without the calendar rules and their luxon.
 */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
