import fc from 'fast-check';
import {
  isQuiet,
  nextAllowedSendTime,
  nextWeeklyReport,
  reportWeek,
  resolveTimezone,
} from '../../../shared/email/schedule';

const at = (iso: string) => new Date(iso);

describe('nextWeeklyReport', () => {
  it('is Monday 09:00 local time, a different instant in two timezones', () => {
    const now = at('2025-03-03T15:00:00Z');
    expect(nextWeeklyReport(now, 'America/New_York').at).toEqual(at('2025-03-10T13:00:00Z'));
    expect(nextWeeklyReport(now, 'Europe/London').at).toEqual(at('2025-03-10T09:00:00Z'));
  });

  it('stays at 09:00 across the spring-forward change (New York, 9 March 2025)', () => {
    // The Monday before the change is 09:00 EST (14:00Z); the one after is 09:00 EDT (13:00Z).
    expect(nextWeeklyReport(at('2025-03-03T13:59:00Z'), 'America/New_York').at).toEqual(
      at('2025-03-03T14:00:00Z'),
    );
    expect(nextWeeklyReport(at('2025-03-03T14:00:00Z'), 'America/New_York').at).toEqual(
      at('2025-03-10T13:00:00Z'),
    );
  });

  it('stays at 09:00 when the clocks change the night before (London, 30 March 2025)', () => {
    expect(nextWeeklyReport(at('2025-03-30T00:30:00Z'), 'Europe/London').at).toEqual(
      at('2025-03-31T08:00:00Z'),
    );
  });

  it('stays at 09:00 across the autumn change in the southern hemisphere (Sydney, 6 April 2025)', () => {
    expect(nextWeeklyReport(at('2025-03-31T12:00:00Z'), 'Australia/Sydney').at).toEqual(
      at('2025-04-06T23:00:00Z'),
    );
    expect(nextWeeklyReport(at('2025-03-24T12:00:00Z'), 'Australia/Sydney').at).toEqual(
      at('2025-03-30T22:00:00Z'),
    );
  });

  it('uses the local Monday even when it is still Sunday in UTC (Tokyo)', () => {
    const { at: when, week } = nextWeeklyReport(at('2025-03-09T23:00:00Z'), 'Asia/Tokyo');
    expect(when).toEqual(at('2025-03-10T00:00:00Z'));
    expect(week).toMatchObject({ period: '2025-W10', start: '2025-03-03', end: '2025-03-09' });
  });

  it('is strictly after now', () => {
    expect(nextWeeklyReport(at('2025-03-10T09:00:00Z'), 'UTC').at).toEqual(
      at('2025-03-17T09:00:00Z'),
    );
  });
});

describe('reportWeek', () => {
  it('covers the local Monday-to-Sunday before the send day, as instants too', () => {
    expect(reportWeek(at('2025-03-10T13:00:00Z'), 'America/New_York')).toEqual({
      period: '2025-W10',
      start: '2025-03-03',
      end: '2025-03-09',
      from: at('2025-03-03T05:00:00Z'),
      // The covered week is an hour short: the clocks went forward on its Sunday.
      until: at('2025-03-10T04:00:00Z'),
    });
  });

  it('names ISO weeks across the year boundary', () => {
    expect(reportWeek(at('2025-12-29T09:00:00Z'), 'UTC').period).toBe('2025-W52');
    expect(reportWeek(at('2026-01-05T09:00:00Z'), 'UTC')).toMatchObject({
      period: '2026-W01',
      start: '2025-12-29',
      end: '2026-01-04',
    });
  });
});

describe('quiet hours', () => {
  const night = { start: '21:00', end: '08:00' };
  const send = (now: string, timezone: string, timing: 'immediate' | 'deferrable' = 'deferrable') =>
    nextAllowedSendTime({ now: at(now), timezone, quietHours: night, timing });

  it('defer non-urgent mail to the end of the night, local time', () => {
    // 22:30 BST → 08:00 BST next morning.
    expect(send('2025-06-10T21:30:00Z', 'Europe/London')).toEqual(at('2025-06-11T07:00:00Z'));
    // 03:00 JST → 08:00 JST the same morning.
    expect(send('2025-06-10T18:00:00Z', 'Asia/Tokyo')).toEqual(at('2025-06-10T23:00:00Z'));
  });

  it('end at 08:00 local on the night the clocks go forward (London) and back (New York)', () => {
    expect(send('2025-03-30T00:30:00Z', 'Europe/London')).toEqual(at('2025-03-30T07:00:00Z'));
    // 01:30 EDT, an hour that happens twice that night → 08:00 EST.
    expect(send('2025-11-02T05:30:00Z', 'America/New_York')).toEqual(at('2025-11-02T13:00:00Z'));
  });

  it('let immediate mail and mail outside quiet hours go now', () => {
    expect(send('2025-06-10T21:30:00Z', 'Europe/London', 'immediate')).toEqual(
      at('2025-06-10T21:30:00Z'),
    );
    expect(send('2025-06-10T12:00:00Z', 'Europe/London')).toEqual(at('2025-06-10T12:00:00Z'));
    expect(send('2025-06-10T07:00:00Z', 'Europe/London')).toEqual(at('2025-06-10T07:00:00Z'));
  });

  it('include the start minute and exclude the end minute', () => {
    expect(isQuiet(at('2025-06-10T20:00:00Z'), 'Europe/London', night)).toBe(true);
    expect(isQuiet(at('2025-06-10T19:59:59Z'), 'Europe/London', night)).toBe(false);
    expect(isQuiet(at('2025-06-10T07:00:00Z'), 'Europe/London', night)).toBe(false);
  });

  it('support a window within one day, none at all, and an empty one', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(
      nextAllowedSendTime({
        now: at('2025-06-10T03:30:00Z'),
        timezone: 'Asia/Tokyo',
        quietHours: lunch,
        timing: 'deferrable',
      }),
    ).toEqual(at('2025-06-10T05:00:00Z'));
    for (const quietHours of [null, { start: '22:00', end: '22:00' }]) {
      expect(
        nextAllowedSendTime({
          now: at('2025-06-10T21:30:00Z'),
          timezone: 'Europe/London',
          quietHours,
          timing: 'deferrable',
        }),
      ).toEqual(at('2025-06-10T21:30:00Z'));
    }
  });

  it('never return a time inside quiet hours, before now, or more than a day ahead', () => {
    const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.date({
          min: at('2024-01-01T00:00:00Z'),
          max: at('2027-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        hhmm,
        hhmm,
        (now, timezone, start, end) => {
          const quietHours = { start, end };
          const next = nextAllowedSendTime({ now, timezone, quietHours, timing: 'deferrable' });
          const wait = next.getTime() - now.getTime();
          // Plain booleans, not expect(): thousands of runs stay well inside the test timeout.
          return (
            wait >= 0 &&
            wait <= 25 * 3600 * 1000 &&
            !isQuiet(next, timezone, quietHours) &&
            (isQuiet(now, timezone, quietHours) || wait === 0)
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('resolveTimezone', () => {
  it('keeps real IANA zones and falls back to UTC for anything else', () => {
    expect(resolveTimezone('Africa/Lagos')).toBe('Africa/Lagos');
    for (const bad of [null, undefined, '', 'Mars/Olympus', 'GMT+25']) {
      expect(resolveTimezone(bad)).toBe('UTC');
    }
  });
});
