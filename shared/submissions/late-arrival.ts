import { HAS_FILE } from './model';
import { reserve, SUBMISSION_QUOTA, type QuotaLimits, type Reservation } from './quota';
import type { SubmissionStatus } from './schemas';

/**
 * Cloud Storage checks a V4 signed URL's expiry when a request starts, so a slow PUT begun in
 * time can land after the expiry task marked its upload `expired` and gave its quota back. Such
 * a file is taken like a timely one when the upload can have its place again: its slot (it is
 * still the learner's latest attempt at the resource) and its quota.
 */
export type LateArrivalDecision =
  { admit: true; reservations: Reservation[] } | { admit: false; reason: string };

/** Another upload of the same learner for the same resource. */
export interface SiblingUpload {
  id: string;
  openedAtMs: number;
  status: SubmissionStatus;
  attemptNumber: number | null;
}

export interface LateArrival {
  submissionId: string;
  openedAtMs: number;
  bytes: number;
  /** The learner's uploads for the same resource (this one may be among them). */
  siblings: readonly SiblingUpload[];
  /** The learner's current reservations of this kind of quota. */
  reservations: readonly Reservation[];
  /** Arrival time, in ms. */
  now: number;
  limits?: QuotaLimits;
}

/** Opened after `ours` (ties in time ordered by id, as attempts are). */
function openedLater(sibling: SiblingUpload, ours: LateArrival): boolean {
  return (
    sibling.openedAtMs > ours.openedAtMs ||
    (sibling.openedAtMs === ours.openedAtMs && sibling.id > ours.submissionId)
  );
}

/**
 * Whether a late file may be recorded. Its slot is gone once an upload the learner opened after
 * it has arrived: recording the older file then would make it the latest attempt, in front of
 * the one the learner meant to replace it with. Its quota place was given back and may since
 * have been used, so it is taken again as a new reservation at arrival, under the same limits.
 */
export function admitLateArrival(arrival: LateArrival): LateArrivalDecision {
  const superseding = arrival.siblings.find(
    (s) =>
      s.id !== arrival.submissionId &&
      openedLater(s, arrival) &&
      (HAS_FILE.includes(s.status) || s.attemptNumber !== null),
  );
  if (superseding) {
    return {
      admit: false,
      reason: `Arrived after its upload expired, and a later upload for this resource (${superseding.id}) arrived first`,
    };
  }
  if (arrival.reservations.some((r) => r.submission_id === arrival.submissionId))
    return { admit: true, reservations: [...arrival.reservations] };
  const decision = reserve(
    arrival.reservations,
    { submission_id: arrival.submissionId, at: arrival.now, bytes: arrival.bytes },
    arrival.limits ?? SUBMISSION_QUOTA,
  );
  if (!decision.ok) {
    return {
      admit: false,
      reason: `Arrived after its upload expired, and its quota is used up since: ${decision.reason}`,
    };
  }
  return { admit: true, reservations: decision.reservations };
}
