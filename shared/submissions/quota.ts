/**
 * Seed 000's upload quotas: 10 uploads per learner per hour, 100 MB per learner per day. Each
 * opened upload reserves its place; an upload that expires unused gives it back.
 */
export const UPLOADS_PER_HOUR = 10;
export const BYTES_PER_DAY = 100 * 1024 * 1024;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Reservation {
  submission_id: string;
  at: number;
  bytes: number;
}

export type QuotaDecision =
  | { ok: true; reservations: Reservation[] }
  | { ok: false; reason: string; retryAfterSeconds: number };

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function reserve(current: readonly Reservation[], request: Reservation): QuotaDecision {
  const now = request.at;
  // Ties in time are ordered by id, so the stored list is the same whatever order it was read in.
  const live = current
    .filter((r) => r.at > now - DAY)
    .sort((a, b) => a.at - b.at || compareIds(a.submission_id, b.submission_id));
  const lastHour = live.filter((r) => r.at > now - HOUR);
  if (lastHour.length >= UPLOADS_PER_HOUR) {
    const oldest = lastHour[lastHour.length - UPLOADS_PER_HOUR] as Reservation;
    return {
      ok: false,
      reason: `At most ${UPLOADS_PER_HOUR} uploads per hour`,
      retryAfterSeconds: Math.ceil((oldest.at + HOUR - now) / 1000),
    };
  }
  let used = live.reduce((sum, r) => sum + r.bytes, 0);
  if (used + request.bytes > BYTES_PER_DAY) {
    for (const r of live) {
      used -= r.bytes;
      if (used + request.bytes <= BYTES_PER_DAY) {
        return {
          ok: false,
          reason: 'At most 100 MB of uploads per day',
          retryAfterSeconds: Math.ceil((r.at + DAY - now) / 1000),
        };
      }
    }
    return {
      ok: false,
      reason: 'At most 100 MB of uploads per day',
      retryAfterSeconds: Math.ceil(DAY / 1000),
    };
  }
  return { ok: true, reservations: [...live, request] };
}

export function release(current: readonly Reservation[], submissionId: string): Reservation[] {
  return current.filter((r) => r.submission_id !== submissionId);
}
