import {
  calendarDate,
  formatDate,
  formatDifficulty,
  formatDuration,
  formatInstantDate,
} from '../../../shared/certificates/format';

describe('format', () => {
  it('spells out dates the same way everywhere', () => {
    expect(formatDate('2026-11-22')).toBe('22 November 2026');
    expect(formatDate('2027-01-05')).toBe('5 January 2027');
    expect(() => formatDate('22/11/2026')).toThrow('Not a calendar date');
    expect(formatInstantDate(new Date('2027-11-22T23:59:59Z'))).toBe('22 November 2027');
  });

  it('reads durations in hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(120)).toBe('2 h');
    expect(formatDuration(270)).toBe('4 h 30 min');
  });

  it('capitalises difficulty', () => {
    expect(formatDifficulty('intermediate')).toBe('Intermediate');
  });

  it('takes the completion date in the learner’s time zone', () => {
    const late = new Date('2026-11-22T23:30:00Z');
    expect(calendarDate(late, 'UTC')).toBe('2026-11-22');
    expect(calendarDate(late, 'Asia/Tokyo')).toBe('2026-11-23');
    expect(calendarDate(new Date('2026-11-22T03:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-11-21',
    );
  });
});
