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

/**
 * A file arrived in the submissions bucket (Eventarc finalize): check its size and magic bytes
 * from a ranged read, run the malware scanner, then record the submission and the learner's
 * progress in one transaction, or reject and quarantine the object. Duplicate events for the
 * same object generation are recorded once.
 */
export class FinalizeUpload {
  constructor(
    private readonly bucketName: string,
    private readonly bucket: Bucket,
    private readonly repo: SubmissionsRepository,
    private readonly pathways: PathwayCache,
    private readonly writer: EnrollmentWriter,
    private readonly scanner: MalwareScanner,
    private readonly notices: LearnerNotices,
    private readonly feedback: FeedbackFiles,
  ) {}

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
      await this.quarantine(object.name);
      return;
    }
    if (sub.generation === object.generation && sub.status !== 'scan_pending') {
      log.info(LogEvent.eventDuplicate, 'Finalize already recorded for this generation', {
        submission_id: submissionId,
        event_id: eventId,
      });
      return;
    }
    if (sub.status === 'expired') {
      log.warn(LogEvent.eventIgnored, 'Finalize after the upload expired; object quarantined', {
        submission_id: submissionId,
      });
      await this.quarantine(object.name);
      return;
    }
    if (sub.status !== 'awaiting_upload') {
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
      await this.rejectInvalid(
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
      await this.rejectInvalid(
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
      await this.rejectInvalid(
        submissionId,
        sub,
        object,
        `Malware found: ${scan.detail ?? 'infected'}`,
        detected,
        scanRecord,
      );
      return;
    }
    const fileFacts = {
      actual_size: Number(object.size),
      md5_hash: object.md5Hash ?? null,
      crc32c: object.crc32c ?? null,
      generation: object.generation,
      detected_type: detected,
      scan: scanRecord,
    };
    if (scan.state === 'pending') {
      await this.repo.update(submissionId, {
        status: 'scan_pending',
        ...fileFacts,
        updated_at: now,
      });
      return;
    }
    await this.recordUpload(submissionId, sub, fileFacts, eventId);
  }

  private async recordUpload(
    submissionId: string,
    sub: SubmissionDoc,
    facts: Partial<SubmissionDoc>,
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
        change: ({ tx, enrollment, now, pathway: latest, alongside }) => {
          const [current, count] = this.repo.attemptOf(alongside);
          if (
            !current ||
            (current.status !== 'awaiting_upload' && current.status !== 'scan_pending')
          )
            throw new AlreadyRecorded();
          const attempt = count + 1;
          this.repo.txSetAttemptCount(tx, sub.user_id, sub.resource_id, attempt, now);
          this.repo.txUpdate(tx, submissionId, {
            ...facts,
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

  private async rejectInvalid(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    reason: string,
    detected: string | null = null,
    scan: SubmissionDoc['scan'] = null,
  ): Promise<void> {
    const facts = await this.notices.uploadFacts(sub);
    await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, submissionId);
      if (!current || current.status !== 'awaiting_upload') return;
      const now = Timestamp.now();
      this.repo.txUpdate(tx, submissionId, {
        status: 'rejected_invalid',
        rejection_reason: reason,
        actual_size: Number(object.size),
        generation: object.generation,
        detected_type: detected,
        scan,
        updated_at: now,
      });
      this.notices.invalidUpload(tx, facts, submissionId, sub, reason, now);
    });
    log.warn(LogEvent.eventProcessed, 'Submission rejected as invalid; object quarantined', {
      submission_id: submissionId,
      reason,
    });
    await this.quarantine(object.name);
  }

  private async quarantine(objectName: string): Promise<void> {
    await quarantineObject(this.bucket, objectName);
  }
}
