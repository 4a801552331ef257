import {
  BYTES_PER_DAY,
  release,
  reserve,
  UPLOADS_PER_HOUR,
  type Reservation,
} from '../../../shared/submissions/quota';

const HOUR = 3_600_000;
const MB = 1024 * 1024;
const at = (ms: number, bytes = MB, id = `s-${ms}`): Reservation => ({
  submission_id: id,
  at: ms,
  bytes,
});

describe('upload quota (seed 000: 10 an hour, 100 MB a day)', () => {
  const start = Date.UTC(2026, 10, 23, 9);

  it('admits uploads up to the hourly count and refuses the next with the wait until a slot frees', () => {
    let current: Reservation[] = [];
    for (let i = 0; i < UPLOADS_PER_HOUR; i += 1) {
      const decision = reserve(current, at(start + i * 60_000));
      expect(decision.ok).toBe(true);
      if (decision.ok) current = decision.reservations;
    }
    const refused = reserve(current, at(start + 30 * 60_000));
    expect(refused).toEqual({
      ok: false,
      reason: 'At most 10 uploads per hour',
      // The oldest of the last ten (at +0) leaves the window at +60 min: 30 minutes from now.
      retryAfterSeconds: 30 * 60,
    });
    expect(reserve(current, at(start + HOUR + 1)).ok).toBe(true);
  });

  it('refuses past 100 MB a day, with the wait until enough bytes leave the window', () => {
    const big = [at(start, 60 * MB, 'a'), at(start + 2 * HOUR, 30 * MB, 'b')];
    const refused = reserve(big, at(start + 3 * HOUR, 20 * MB));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.reason).toBe('At most 100 MB of uploads per day');
      // Once the 60 MB of `a` leave the 24-hour window, 30 + 20 MB fit: 21 hours from now.
      expect(refused.retryAfterSeconds).toBe(21 * 3600);
    }
    expect(reserve(big, at(start + 3 * HOUR, 10 * MB)).ok).toBe(true);
  });

  it('refuses a single upload larger than a whole day’s allowance for a full day', () => {
    const refused = reserve([], at(start, BYTES_PER_DAY + 1));
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 24 * 3600 });
  });

  it('forgets reservations older than a day and gives back a released one', () => {
    const old = at(start - 25 * HOUR, 90 * MB, 'old');
    const decision = reserve([old], at(start, 50 * MB, 'new'));
    expect(decision.ok && decision.reservations.map((r) => r.submission_id)).toEqual(['new']);
    expect(release([old, at(start, MB, 'keep')], 'old').map((r) => r.submission_id)).toEqual([
      'keep',
    ]);
  });
});
