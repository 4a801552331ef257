import type { Firestore, Timestamp, Transaction } from 'firebase-admin/firestore';
import type { Caller } from './auth';
import { countWrites } from './platform/io-stats';

/**
 * Access to learners' files (seed 000), every change to a learner's progress made by someone
 * else for them, and every revocation or reissue of a certificate is audited: who, what, when,
 * why, through which request.
 */
export type AuditAction =
  | 'upload_url_issued'
  | 'download_url_issued'
  | 'feedback_upload_url_issued'
  | 'submission_reviewed'
  | 'submission_deleted'
  | 'progress_changed_for_learner'
  | 'certificate_revoked'
  | 'certificate_reissued'
  | 'submission_file_purged'
  | 'account_deleted'
  | 'data_exported';

export interface AuditEntry {
  action: AuditAction;
  actor: Caller;
  /** The submission concerned, when there is one. */
  submissionId: string | null;
  /** Whose data, in which pathway (and resource). */
  submission: { user_id: string; pathway_id: string | null; resource_id: string | null };
  requestId: string;
  at: Timestamp;
  details?: Record<string, unknown>;
}

export const AUDIT_COLLECTION = 'auditLog';

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

/** The append-only `auditLog/` collection. */
export class AuditLog {
  constructor(private readonly firestore: Firestore) {}

  inTransaction(tx: Transaction, entry: AuditEntry): void {
    countWrites();
    tx.set(this.firestore.collection(AUDIT_COLLECTION).doc(), record(entry));
  }

  async append(entry: AuditEntry): Promise<void> {
    countWrites();
    await this.firestore.collection(AUDIT_COLLECTION).add(record(entry));
  }
}
