import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { locateResource } from '../catalog/outline';
import type { PathwayCache } from '../catalog/pathway-cache';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import type { EnrollmentWriter } from '../progress/enrollment-writer';
import { applyAction } from '../progress/transitions';
import { inspectObject } from './inspect';
import { MAX_UPLOAD_MB } from '../file-types';
import { SNIFF_BYTES } from './magic';
import { finalizeGuard } from './finalize-guard';
import { InvalidUploads } from './invalid-upload';
import { LateAdmission, LateArrivalRefused } from './late-admission';
import type { SubmissionDoc } from './model';
import { quarantineObject } from './quarantine';
import type { FeedbackFiles } from './feedback-files';
import type { LearnerNotices } from './notices';
import { objectReader } from './object-head';
import type { SubmissionsRepository } from './repository';
import type { MalwareScanner, ScanResult } from './scanner';
import { crashPoint } from '../platform/faults';

const MB = 1024 * 1024;

class AlreadyRecorded extends Error {}

/** What finalize learned about the file, stored with the outcome. */
type FileFacts = Pick<
  SubmissionDoc,
  'actual_size' | 'md5_hash' | 'crc32c' | 'detected_type' | 'scan'
> & { generation: string };

/** Where a file may still be recorded: awaited, being scanned, or expired while on its way. */
const RECORDABLE: readonly SubmissionDoc['status'][] = [
  'awaiting_upload',
  'scan_pending',
  'expired',
];

/**
 * A file arrived in the submissions bucket (Eventarc finalize): check its size and magic bytes
 * from a ranged read, run the malware scanner, then record the submission and the learner's
 * progress in one transaction, or reject and quarantine the object. Duplicate events for the
 * same object generation are recorded once. A file whose upload expired while it was on its way
 * goes through the same checks and is recorded the same way if it can have its place again
 * (`late-admission.ts`).
 */
export class FinalizeUpload {
  private readonly late: LateAdmission;
  private readonly invalid: InvalidUploads;

  constructor(
    private readonly bucketName: string,
    private readonly bucket: Bucket,
    private readonly repo: SubmissionsRepository,
    private readonly pathways: PathwayCache,
    private readonly writer: EnrollmentWriter,
    private readonly scanner: MalwareScanner,
    private readonly notices: LearnerNotices,
    private readonly feedback: FeedbackFiles,
  ) {
    this.late = new LateAdmission(repo, bucket);
    this.invalid = new InvalidUploads(repo, notices, this.late, bucket);
  }

  async finalize(object: StorageObjectData, eventId: string): Promise<void> {
    const guard = finalizeGuard(object, this.bucketName);
    if (!guard.handle) {
      log.info(LogEvent.eventIgnored, `Finalize skipped: ${guard.reason}`, {
        object: object.name,
        bucket: object.bucket,
        event_id: eventId,
      });
      return;
    }
    const submissionId = guard.submissionId;
    if (guard.handle === 'feedback') {
      await this.feedback.received(object, submissionId, eventId);
      return;
    }
    // Read alongside the submission; used (and a failed read counted) only once its checks pass.
    const reader = objectReader(this.bucket, object);
    const headRead = reader.read(0, SNIFF_BYTES - 1).then(
      (head) => ({ head }),
      (error: unknown) => ({ error }),
    );
    const sub = await this.repo.get(submissionId);
    if (!sub || sub.object_path !== object.name) {
      log.warn(LogEvent.eventIgnored, 'Finalize for an unknown submission; object quarantined', {
        object: object.name,
        event_id: eventId,
      });
      await quarantineObject(this.bucket, object.name);
      return;
    }
    if (sub.generation === object.generation && sub.status !== 'scan_pending') {
      log.info(LogEvent.eventDuplicate, 'Finalize already recorded for this generation', {
        submission_id: submissionId,
        event_id: eventId,
      });
      return;
    }
    if (sub.status === 'expired' && sub.late_arrival?.refused) {
      log.warn(LogEvent.eventIgnored, 'Finalize after the upload expired; object quarantined', {
        submission_id: submissionId,
        reason: sub.late_arrival.refused,
      });
      await quarantineObject(this.bucket, object.name);
      return;
    }
    if (sub.status === 'expired') {
      log.info(LogEvent.eventProcessed, 'File arrived after its upload expired; checked as usual', {
        submission_id: submissionId,
        event_id: eventId,
      });
    } else if (sub.status !== 'awaiting_upload') {
      // The recorded file is in place (uploads never overwrite): an event that does not match
      // it is stale or forged, and must not touch the learner's file.
      log.warn(
        LogEvent.eventIgnored,
        `Finalize for a submission already ${sub.status}; ignored, its file left in place`,
        { submission_id: submissionId, event_id: eventId },
      );
      return;
    }

    const size = Number(object.size);
    if (size !== sub.size_bytes || size > MAX_UPLOAD_MB * MB) {
      await this.invalid.reject(
        submissionId,
        sub,
        object,
        `The file has ${size} bytes; ${sub.size_bytes} were declared`,
      );
      return;
    }
    const read = await headRead;
    if ('error' in read) throw read.error;
    const { head } = read;
    const verdict = await inspectObject(reader, sub.content_type, head);
    if (!verdict.ok) {
      await this.invalid.reject(
        submissionId,
        sub,
        object,
        verdict.reason ?? 'Type mismatch',
        verdict.detected,
      );
      return;
    }
    const file = this.bucket.file(object.name, { generation: Number(object.generation) });
    const scan = await this.scanner.scan(file, sub.content_type);
    crashPoint('finalize.beforeTransaction', object.name);
    await this.settleScan(submissionId, sub, object, verdict.detected, scan, eventId);
  }

  /** Records the scanner's answer; an asynchronous scanner calls this when it is done. */
  async settleScan(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    detected: string | null,
    scan: ScanResult,
    eventId: string,
  ): Promise<void> {
    const now = Timestamp.now();
    const scanRecord = {
      state: scan.state,
      scanner: this.scanner.name,
      at: now,
      detail: scan.detail,
    };
    if (scan.state === 'infected') {
      await this.invalid.reject(
        submissionId,
        sub,
        object,
        `Malware found: ${scan.detail ?? 'infected'}`,
        detected,
        scanRecord,
      );
      return;
    }
    const fileFacts: FileFacts = {
      actual_size: Number(object.size),
      md5_hash: object.md5Hash ?? null,
      crc32c: object.crc32c ?? null,
      generation: object.generation,
      detected_type: detected,
      scan: scanRecord,
    };
    try {
      if (scan.state === 'pending') await this.awaitScan(submissionId, fileFacts);
      else await this.recordUpload(submissionId, sub, fileFacts, eventId);
    } catch (error) {
      if (!(error instanceof LateArrivalRefused)) throw error;
      await this.late.refuse(submissionId, object, error.reason);
    }
  }

  private async awaitScan(submissionId: string, facts: FileFacts): Promise<void> {
    await this.repo.firestore.runTransaction(async (tx) => {
      const open = await this.late.txUnsettled(tx, submissionId, facts.generation);
      if (!open) return;
      this.repo.txUpdate(tx, submissionId, {
        status: 'scan_pending',
        ...facts,
        ...open.late,
        updated_at: open.now,
      });
    });
  }

  private async recordUpload(
    submissionId: string,
    sub: SubmissionDoc,
    facts: FileFacts,
    eventId: string,
  ): Promise<void> {
    // Cached: the enrollment writer checks the outline in its transaction.
    const pathway = await this.pathways.get(sub.pathway_id);
    if (!pathway) {
      log.warn(
        LogEvent.eventIgnored,
        'Submission of a deleted pathway; file kept, no progress recorded',
        { submission_id: submissionId },
      );
      return;
    }
    try {
      await this.writer.write({
        userId: sub.user_id,
        // The learner's upload, finalized as it lands.
        byLearner: true,
        pathwayId: sub.pathway_id,
        pathway,
        requestId: `finalize:${eventId}`,
        // Read with the enrollment: the transaction's reads take one round trip.
        alongside: this.repo.attemptRefs(submissionId, sub.user_id, sub.resource_id),
        change: async ({ tx, enrollment, now, pathway: latest, alongside }) => {
          const [current, count] = this.repo.attemptOf(alongside);
          if (!current || !RECORDABLE.includes(current.status)) throw new AlreadyRecorded();
          const late = await this.late.txAdmitIfExpired(
            tx,
            submissionId,
            current,
            facts.generation,
            now,
          );
          const attempt = count + 1;
          this.repo.txSetAttemptCount(tx, sub.user_id, sub.resource_id, attempt, now);
          this.repo.txUpdate(tx, submissionId, {
            ...facts,
            ...late,
            status: 'uploaded',
            attempt_number: attempt,
            uploaded_at: now,
            updated_at: now,
          });
          const entry = locateResource(latest.outline, sub.resource_id)?.resource;
          if (!entry) return { resourceStates: {} };
          const state = applyAction(
            entry,
            enrollment.resources[sub.resource_id],
            { kind: 'submission_recorded', submission_id: submissionId },
            now,
          );
          return { resourceStates: { [sub.resource_id]: state } };
        },
      });
    } catch (error) {
      if (error instanceof AlreadyRecorded) {
        log.info(LogEvent.eventDuplicate, 'Submission already recorded', {
          submission_id: submissionId,
        });
        return;
      }
      throw error;
    }
    log.info(LogEvent.eventProcessed, 'Submission recorded', {
      submission_id: submissionId,
      resource_id: sub.resource_id,
    });
  }
}
