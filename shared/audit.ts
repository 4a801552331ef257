import type { Firestore, Timestamp, Transaction } from 'firebase-admin/firestore';
import type { Caller } from './auth';
import { countWrites } from './platform/io-stats';

/** Access to learners' files is audited (seed 000): who, what, when, through which request. */
export type AuditAction =
  | 'upload_url_issued'
  | 'download_url_issued'
  | 'feedback_upload_url_issued'
  | 'submission_reviewed'
  | 'submission_deleted';

export interface AuditEntry {
  action: AuditAction;
  actor: Caller;
  submissionId: string;
  /** Whose file, in which pathway and resource. */
  submission: { user_id: string; pathway_id: string; resource_id: string };
  requestId: string;
  at: Timestamp;
  details?: Record<string, unknown>;
}

function record(entry: AuditEntry) {
  return {
    action: entry.action,
    actor_uid: entry.actor.uid,
    actor_role: entry.actor.role,
    submission_id: entry.submissionId,
    owner_uid: entry.submission.user_id,
    pathway_id: entry.submission.pathway_id,
    resource_id: entry.submission.resource_id,
    request_id: entry.requestId,
    at: entry.at,
    details: entry.details ?? {},
  };
}

export function auditInTransaction(firestore: Firestore, tx: Transaction, entry: AuditEntry): void {
  countWrites();
  tx.set(firestore.collection('auditLog').doc(), record(entry));
}

export async function audit(firestore: Firestore, entry: AuditEntry): Promise<void> {
  countWrites();
  await firestore.collection('auditLog').add(record(entry));
}
