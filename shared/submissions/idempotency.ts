import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { SubmissionDoc } from './model';
import type { OpenUploadSchema } from './schemas';

/** The request fields that make two opens with one key the same open. */
const COMPARED = ['file_name', 'content_type', 'size_bytes', 'resumable', 'notes'] as const;

/**
 * The submission id an `Idempotency-Key` stands for: a retry of the same open lands on the same
 * document, and keys of different people or resources never meet. 20 hex characters (80 bits of
 * SHA-256) fit the submission id format that paths and object names use.
 */
export function idempotentSubmissionId(uid: string, resourceId: string, key: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['open-upload', uid, resourceId, key]))
    .digest('hex')
    .slice(0, 20);
}

export type ReplayDecision =
  | { kind: 'replay' }
  | { kind: 'different_request'; fields: string[] }
  | { kind: 'settled'; status: SubmissionDoc['status'] }
  | { kind: 'lapsed' };

/**
 * What a repeated open with a key answers, given the submission the key already made: the same
 * upload again while it still waits for its bytes, or why not.
 */
export function replayDecision(
  stored: SubmissionDoc,
  request: { uid: string; resourceId: string; body: z.output<typeof OpenUploadSchema> },
  now: Date,
): ReplayDecision {
  const asked = { ...request.body, notes: request.body.notes ?? null };
  const fields: string[] = COMPARED.filter((field) => stored[field] !== asked[field]);
  if (stored.user_id !== request.uid || stored.resource_id !== request.resourceId) {
    fields.unshift('resource_id');
  }
  if (fields.length > 0) return { kind: 'different_request', fields };
  if (stored.status !== 'awaiting_upload') return { kind: 'settled', status: stored.status };
  if (stored.expires_at.toMillis() <= now.getTime()) return { kind: 'lapsed' };
  return { kind: 'replay' };
}
