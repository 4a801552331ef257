import fc from 'fast-check';
import {
  adjustmentTaskId,
  adjustmentWeekAt,
  isActiveLearner,
  isIsoWeek,
  parseAdjustmentWeek,
} from '../../../shared/analytics/adjustment-week';
import { weekdayOf } from '../../../shared/analytics/time';

describe('the weekly adjustment calendar', () => {
  it("names the learner's local ISO week, which begins on their Monday", () => {
    // Monday 2026-11-23 12:00 UTC: Monday in Los Angeles and Berlin, Tuesday in Kiritimati.
    const at = new Date('2026-11-23T12:00:00Z');
    const expected = { week: '2026-W48', monday: '2026-11-23', week_ending: '2026-11-22' };
    expect(adjustmentWeekAt(at, 'America/Los_Angeles')).toEqual(expected);
    expect(adjustmentWeekAt(at, 'Europe/Berlin')).toEqual(expected);
    expect(adjustmentWeekAt(at, 'Pacific/Kiritimati')).toEqual(expected);
    // Sunday 23:30 in New York is still the week before, though it is Monday in UTC.
    expect(adjustmentWeekAt(new Date('2026-11-23T04:30:00Z'), 'America/New_York').week).toBe(
      '2026-W47',
    );
  });

  it('keeps the ISO week-numbering year at the turn of the calendar year', () => {
    // 2026-12-31 is a Thursday: week 53 of 2026. 2027-01-01 (Friday) belongs to it too.
    expect(adjustmentWeekAt(new Date('2027-01-01T12:00:00Z'), 'UTC')).toEqual({
      week: '2026-W53',
      monday: '2026-12-28',
      week_ending: '2026-12-27',
    });
    // 2025-12-29 (Monday) starts 2026-W01.
    expect(adjustmentWeekAt(new Date('2025-12-31T12:00:00Z'), 'UTC').week).toBe('2026-W01');
  });

  it('parses the weeks it names and refuses anything else', () => {
    expect(parseAdjustmentWeek('2026-W01')).toEqual({
      week: '2026-W01',
      monday: '2025-12-29',
      week_ending: '2025-12-28',
    });
    for (const bad of ['2027-W53', '2026-W00', '2026-W54', '2026-w10', '2026-W1', 'W10', ''])
      expect(isIsoWeek(bad)).toBe(false);
    expect(() => parseAdjustmentWeek('2027-W53')).toThrow(RangeError);
    expect(isIsoWeek('2026-W53')).toBe(true);
  });

  it('round-trips every instant: its week parses back to a Monday-to-Sunday week holding it', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham'),
        (at, zone) => {
          const week = adjustmentWeekAt(at, zone);
          expect(parseAdjustmentWeek(week.week)).toEqual(week);
          expect(weekdayOf(week.monday)).toBe('monday');
          expect(weekdayOf(week.week_ending)).toBe('sunday');
        },
      ),
    );
  });

  it('counts a learner active with a day of activity in the last four weeks', () => {
    expect(isActiveLearner(null, '2026-11-23')).toBe(false);
    expect(isActiveLearner('2026-11-23', '2026-11-23')).toBe(true);
    expect(isActiveLearner('2026-10-27', '2026-11-23')).toBe(true);
    expect(isActiveLearner('2026-10-26', '2026-11-23')).toBe(false);
  });

  it('names one task per learner and week, in the characters a task id allows', () => {
    const a = adjustmentTaskId('user/with:odd chars', '2026-W48');
    expect(a).toMatch(/^adjust-2026-W48-[0-9a-f]{32}$/);
    expect(adjustmentTaskId('user/with:odd chars', '2026-W48')).toBe(a);
    expect(adjustmentTaskId('user/with:odd chars', '2026-W49')).not.toBe(a);
    expect(adjustmentTaskId('another', '2026-W48')).not.toBe(a);
  });
});
