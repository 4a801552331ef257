/**
 * Upload quotas: a number of uploads per hour and bytes per day for each user. Each opened upload
 * reserves its place; an upload that expires unused gives it back.
 */
export interface QuotaLimits {
  uploadsPerHour: number;
  bytesPerDay: number;
}

/** Seed 000's quotas for submissions: 10 uploads per learner per hour, 100 MB per day. */
export const UPLOADS_PER_HOUR = 10;
export const BYTES_PER_DAY = 100 * 1024 * 1024;
export const SUBMISSION_QUOTA: QuotaLimits = {
  uploadsPerHour: UPLOADS_PER_HOUR,
  bytesPerDay: BYTES_PER_DAY,
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;

export interface Reservation {
  /** The upload that holds the place: a submission, or a media item in a media quota. */
  submission_id: string;
  at: number;
  bytes: number;
}

export type QuotaDecision =
  | { ok: true; reservations: Reservation[] }
  | { ok: false; reason: string; retryAfterSeconds: number };

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function reserve(
  current: readonly Reservation[],
  request: Reservation,
  limits: QuotaLimits = SUBMISSION_QUOTA,
): QuotaDecision {
  const { uploadsPerHour, bytesPerDay } = limits;
  const perDay = `At most ${bytesPerDay / MB} MB of uploads per day`;
  const now = request.at;
  // Ties in time are ordered by id, so the stored list is the same whatever order it was read in.
  const live = current
    .filter((r) => r.at > now - DAY)
    .sort((a, b) => a.at - b.at || compareIds(a.submission_id, b.submission_id));
  const lastHour = live.filter((r) => r.at > now - HOUR);
  if (lastHour.length >= uploadsPerHour) {
    const oldest = lastHour[lastHour.length - uploadsPerHour] as Reservation;
    return {
      ok: false,
      reason: `At most ${uploadsPerHour} uploads per hour`,
      retryAfterSeconds: Math.ceil((oldest.at + HOUR - now) / 1000),
    };
  }
  let used = live.reduce((sum, r) => sum + r.bytes, 0);
  if (used + request.bytes > bytesPerDay) {
    for (const r of live) {
      used -= r.bytes;
      if (used + request.bytes <= bytesPerDay) {
        return {
          ok: false,
          reason: perDay,
          retryAfterSeconds: Math.ceil((r.at + DAY - now) / 1000),
        };
      }
    }
    return {
      ok: false,
      reason: perDay,
      retryAfterSeconds: Math.ceil(DAY / 1000),
    };
  }
  return { ok: true, reservations: [...live, request] };
}

export function release(current: readonly Reservation[], submissionId: string): Reservation[] {
  return current.filter((r) => r.submission_id !== submissionId);
}
