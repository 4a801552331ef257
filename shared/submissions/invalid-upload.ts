import type { Bucket } from '@google-cloud/storage';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import { LateArrivalRefused, type LateAdmission } from './late-admission';
import type { SubmissionDoc } from './model';
import type { LearnerNotices } from './notices';
import { quarantineObject } from './quarantine';
import type { SubmissionsRepository } from './repository';

type UploadFacts = Awaited<ReturnType<LearnerNotices['uploadFacts']>>;

/**
 * A file that failed finalize's checks (size, type, malware): the submission becomes
 * `rejected_invalid` with the learner told why, in one transaction, and the object goes to
 * quarantine. A file of an expired upload is judged like a timely one once it has its place
 * again; without one it stays expired (`LateAdmission.refuse`).
 */
export class InvalidUploads {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly notices: LearnerNotices,
    private readonly late: LateAdmission,
    private readonly bucket: Bucket,
  ) {}

  async reject(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    reason: string,
    detected: string | null = null,
    scan: SubmissionDoc['scan'] = null,
  ): Promise<void> {
    const facts = await this.notices.uploadFacts(sub);
    try {
      await this.record(submissionId, sub, object, { reason, detected, scan }, facts);
    } catch (error) {
      if (!(error instanceof LateArrivalRefused)) throw error;
      await this.late.refuse(submissionId, object, error.reason);
      return;
    }
    log.warn(LogEvent.eventProcessed, 'Submission rejected as invalid; object quarantined', {
      submission_id: submissionId,
      reason,
    });
    await quarantineObject(this.bucket, object.name);
  }

  private async record(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    verdict: { reason: string; detected: string | null; scan: SubmissionDoc['scan'] },
    facts: UploadFacts,
  ): Promise<void> {
    await this.repo.firestore.runTransaction(async (tx) => {
      const open = await this.late.txUnsettled(tx, submissionId, object.generation);
      if (!open) return;
      const { now, late } = open;
      this.repo.txUpdate(tx, submissionId, {
        ...late,
        status: 'rejected_invalid',
        rejection_reason: verdict.reason,
        actual_size: Number(object.size),
        generation: object.generation,
        detected_type: verdict.detected,
        scan: verdict.scan,
        updated_at: now,
      });
      this.notices.invalidUpload(tx, facts, submissionId, sub, verdict.reason, now);
    });
  }
}
