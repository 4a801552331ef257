import { MEDIA_QUOTA } from '../../../shared/media/kinds';
import {
  admitLateArrival,
  type LateArrival,
  type SiblingUpload,
} from '../../../shared/submissions/late-arrival';
import { UPLOADS_PER_HOUR, type Reservation } from '../../../shared/submissions/quota';

const MINUTE = 60_000;
const MB = 1024 * 1024;
const opened = Date.UTC(2026, 10, 23, 20, 0);
const now = opened + 62 * MINUTE;

const reservation = (id: string, at: number, bytes = MB): Reservation => ({
  submission_id: id,
  at,
  bytes,
});
const sibling = (over: Partial<SiblingUpload> & { id: string }): SiblingUpload => ({
  openedAtMs: opened + MINUTE,
  status: 'uploaded',
  attemptNumber: 1,
  ...over,
});
const arrival = (over: Partial<LateArrival> = {}): LateArrival => ({
  submissionId: 'late',
  openedAtMs: opened,
  bytes: 2 * MB,
  siblings: [sibling({ id: 'late', openedAtMs: opened, status: 'expired', attemptNumber: null })],
  reservations: [],
  now,
  ...over,
});

describe('a file that lands after its upload expired', () => {
  it('is admitted with its quota taken again at arrival', () => {
    const held = [reservation('other', now - 10 * MINUTE)];
    expect(admitLateArrival(arrival({ reservations: held }))).toEqual({
      admit: true,
      reservations: [...held, reservation('late', now, 2 * MB)],
    });
  });

  it('takes its quota once: a reservation it already holds is not added again', () => {
    const held = [reservation('late', now - MINUTE, 2 * MB)];
    expect(admitLateArrival(arrival({ reservations: held }))).toEqual({
      admit: true,
      reservations: held,
    });
  });

  it('is refused when the hourly count is used up since', () => {
    const full = Array.from({ length: UPLOADS_PER_HOUR }, (_, i) =>
      reservation(`r${i}`, now - (i + 1) * MINUTE),
    );
    const decision = admitLateArrival(arrival({ reservations: full }));
    expect(decision).toEqual({
      admit: false,
      reason:
        'Arrived after its upload expired, and its quota is used up since: At most 10 uploads per hour',
    });
  });

  it("is refused when its bytes no longer fit in the day's allowance", () => {
    const decision = admitLateArrival(
      arrival({ bytes: 5 * MB, reservations: [reservation('big', now - MINUTE, 96 * MB)] }),
    );
    expect(decision.admit).toBe(false);
    if (!decision.admit) expect(decision.reason).toContain('At most 100 MB of uploads per day');
  });

  it('applies the limits it is given (media: 30 an hour)', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => reservation(`m${i}`, now - MINUTE));
    expect(admitLateArrival(arrival({ reservations: twenty })).admit).toBe(false);
    expect(admitLateArrival(arrival({ reservations: twenty, limits: MEDIA_QUOTA })).admit).toBe(
      true,
    );
  });

  it('is refused when an upload opened after it has arrived for the same resource', () => {
    for (const status of ['scan_pending', 'uploaded', 'approved', 'rejected'] as const) {
      const later = sibling({
        id: 'newer',
        status,
        attemptNumber: status === 'scan_pending' ? null : 1,
      });
      const decision = admitLateArrival(arrival({ siblings: [later] }));
      expect(decision).toEqual({
        admit: false,
        reason:
          'Arrived after its upload expired, and a later upload for this resource (newer) arrived first',
      });
    }
  });

  it('counts a soft-deleted later attempt, whose number stays taken', () => {
    const deleted = sibling({ id: 'newer', status: 'uploaded', attemptNumber: 2 });
    expect(admitLateArrival(arrival({ siblings: [deleted] })).admit).toBe(false);
  });

  it('keeps its slot while later uploads are still awaited, expired or refused as invalid', () => {
    const pending = ['awaiting_upload', 'expired', 'rejected_invalid'] as const;
    const siblings = pending.map((status, i) =>
      sibling({ id: `later${i}`, status, attemptNumber: null }),
    );
    expect(admitLateArrival(arrival({ siblings })).admit).toBe(true);
  });

  it('keeps its slot when only earlier uploads arrived (it is still the latest attempt)', () => {
    const earlier = sibling({ id: 'older', openedAtMs: opened - MINUTE, attemptNumber: 1 });
    expect(admitLateArrival(arrival({ siblings: [earlier] })).admit).toBe(true);
  });

  it('orders uploads opened in the same millisecond by id, as attempts are', () => {
    const same = (id: string) => sibling({ id, openedAtMs: opened });
    expect(admitLateArrival(arrival({ siblings: [same('zzz')] })).admit).toBe(false);
    expect(admitLateArrival(arrival({ siblings: [same('aaa')] })).admit).toBe(true);
  });

  it('checks the slot before the quota, so a superseded file never takes a place', () => {
    const full = Array.from({ length: UPLOADS_PER_HOUR }, (_, i) => reservation(`r${i}`, now));
    const decision = admitLateArrival(
      arrival({ siblings: [sibling({ id: 'newer' })], reservations: full }),
    );
    expect(decision.admit).toBe(false);
    if (!decision.admit) expect(decision.reason).toContain('later upload');
  });
});
