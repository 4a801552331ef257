import type { ResourceSignal } from './signals';

/**
 * Seed 003's `detect_struggling_learner` for one resource the learner has touched: repeated
 * failed quiz attempts, time well above the resource's estimate, rewinds, a stall. Each reason
 * names the events it rests on.
 */

export const FAILED_ATTEMPTS_STRUGGLE = 3;
export const REWINDS_STRUGGLE = 3;
export const TIME_FACTOR_STRUGGLE = 2;
export const STALL_DAYS = 7;
const DAY_MS = 86_400_000;

export interface StruggleReason {
  code: 'repeated_failures' | 'time_over_norm' | 'rewinds' | 'stalled';
  sentence: string;
  event_ids: string[];
}

export function detectStrugglingLearner(
  signal: ResourceSignal,
  resource: { title: string; estimated_minutes: number | null },
  now: Date,
): { is_struggling: boolean; reasons: StruggleReason[] } {
  const reasons: StruggleReason[] = [];
  if (signal.failed_attempts >= FAILED_ATTEMPTS_STRUGGLE)
    reasons.push({
      code: 'repeated_failures',
      sentence: `${signal.failed_attempts} failed attempts at ${resource.title}`,
      event_ids: signal.failed_event_ids,
    });
  if (
    !signal.completed &&
    resource.estimated_minutes !== null &&
    signal.time_spent_minutes > TIME_FACTOR_STRUGGLE * resource.estimated_minutes
  )
    reasons.push({
      code: 'time_over_norm',
      sentence: `${Math.round(signal.time_spent_minutes)} minutes on ${resource.title}, over ${TIME_FACTOR_STRUGGLE}× the ${resource.estimated_minutes} expected`,
      event_ids: signal.event_ids.slice(-1),
    });
  if (signal.rewinds >= REWINDS_STRUGGLE)
    reasons.push({
      code: 'rewinds',
      sentence: `Rewound ${resource.title} ${signal.rewinds} times`,
      event_ids: signal.rewind_event_ids,
    });
  const idle = Math.floor((now.getTime() - Date.parse(signal.last_activity_at)) / DAY_MS);
  if (!signal.completed && signal.started_at !== null && idle >= STALL_DAYS)
    reasons.push({
      code: 'stalled',
      sentence: `No progress on ${resource.title} for ${idle} days`,
      event_ids: signal.event_ids.slice(-1),
    });
  return { is_struggling: reasons.length > 0, reasons };
}
