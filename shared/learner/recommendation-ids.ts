import { createHash } from 'node:crypto';
import type { LearnerSignals } from './signals';

/** Recommendation ids: deterministic, so recomputing from the same events gives the same ids. */

/**
 * A lesson recommendation (next in sequence, prerequisite first) is about its target only, so
 * it keeps its id while the learner works and an action stays attached to it; the other rules'
 * recommendations are about their evidence too (a new failed attempt is a new revision).
 */
const TARGET_ONLY = new Set<string>(['next_in_sequence', 'prerequisite_first']);

export function recommendationId(
  userId: string,
  draft: {
    reason_code: string;
    target: { type: string; id: string };
    evidence: { event_ids: readonly string[] };
  },
): string {
  return createHash('sha256')
    .update(
      [
        userId,
        draft.reason_code,
        draft.target.type,
        draft.target.id,
        ...(TARGET_ONLY.has(draft.reason_code) ? [] : draft.evidence.event_ids),
      ].join('\n'),
    )
    .digest('hex')
    .slice(0, 24);
}

/** Whether the learner skipped or ignored a lesson recommendation for a resource (ids are global). */
export function declinedLessons(
  userId: string,
  signals: LearnerSignals,
): (resourceId: string) => boolean {
  return (resourceId) =>
    (['next_in_sequence', 'prerequisite_first'] as const).some((reason_code) => {
      const id = recommendationId(userId, {
        reason_code,
        target: { type: 'resource', id: resourceId },
        evidence: { event_ids: [] },
      });
      const action = signals.actions[id]?.action;
      return action === 'skipped' || action === 'ignored';
    });
}
