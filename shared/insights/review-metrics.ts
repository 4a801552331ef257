import { percentile, rounded, share } from './stats';

/**
 * Review metrics of a pathway, pure (seed 000: time to review, approval rate, pending queue
 * size): the queue as it is now, and the reviews decided within the window.
 */

export interface ReviewInput {
  pending: number;
  /** When the longest-waiting submission in the queue arrived; null for an empty queue. */
  oldest_pending_at: Date | null;
  approved: number;
  rejected: number;
  /** Hours from upload to decision of the reviews read (all of the window's, or the latest). */
  turnaround_hours: readonly number[];
  /** Whether `turnaround_hours` holds every review decided in the window. */
  turnaround_complete: boolean;
}

export interface ReviewMetrics {
  pending: number;
  oldest_pending_hours: number | null;
  reviewed: number;
  approved: number;
  rejected: number;
  approval_rate: number | null;
  time_to_review_hours: {
    p50: number | null;
    p90: number | null;
    reviews: number;
    complete: boolean;
  };
}

const HOUR_MS = 3_600_000;

export function reviewMetrics(input: ReviewInput, now: Date): ReviewMetrics {
  return {
    pending: input.pending,
    oldest_pending_hours:
      input.oldest_pending_at === null
        ? null
        : rounded((now.getTime() - input.oldest_pending_at.getTime()) / HOUR_MS),
    reviewed: input.approved + input.rejected,
    approved: input.approved,
    rejected: input.rejected,
    approval_rate: share(input.approved, input.approved + input.rejected),
    time_to_review_hours: {
      p50: rounded(percentile(input.turnaround_hours, 0.5)),
      p90: rounded(percentile(input.turnaround_hours, 0.9)),
      reviews: input.turnaround_hours.length,
      complete: input.turnaround_complete,
    },
  };
}
