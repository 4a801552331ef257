import type { StorageObjectData } from '../platform/functions';
import { FEEDBACK_PREFIX, parseSubmissionObjectPath, QUARANTINE_PREFIX } from './model';

export type GuardDecision =
  { handle: 'submission' | 'feedback'; submissionId: string } | { handle: false; reason: string };

/**
 * The finalize trigger's one guard: which objects are submissions it must record. Everything
 * else is skipped with the reason logged.
 */
export function finalizeGuard(
  object: Pick<StorageObjectData, 'bucket' | 'name'>,
  bucket: string,
): GuardDecision {
  if (object.bucket !== bucket)
    return { handle: false, reason: `bucket ${object.bucket} is not the submissions bucket` };
  if (object.name.startsWith(QUARANTINE_PREFIX))
    return { handle: false, reason: 'quarantined object' };
  if (object.name.startsWith(FEEDBACK_PREFIX)) {
    const submissionId = /^feedback\/([A-Za-z0-9]{20})\//.exec(object.name)?.[1];
    if (!submissionId) return { handle: false, reason: 'not a feedback object path' };
    return { handle: 'feedback', submissionId };
  }
  const parsed = parseSubmissionObjectPath(object.name);
  if (!parsed) return { handle: false, reason: 'not a submission object path' };
  return { handle: 'submission', submissionId: parsed.submissionId };
}
