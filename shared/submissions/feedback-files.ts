import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import { HttpStatus, hasCode } from '../platform/grpc';
import { inspectObject } from './inspect';
import { objectReader } from './object-head';
import type { SubmissionsRepository } from './repository';

/**
 * A reviewer's feedback file arrived (finalize on `feedback/{submission}/…`): it passes the
 * same content check as a learner's file before the learner can download it. A file that is
 * not what its reviewer declared, or that no review expects, is deleted.
 */
export class FeedbackFiles {
  constructor(
    private readonly bucket: Bucket,
    private readonly repo: SubmissionsRepository,
  ) {}

  async received(object: StorageObjectData, submissionId: string, eventId: string): Promise<void> {
    const sub = await this.repo.get(submissionId);
    const expected = sub?.review?.feedback_file;
    if (!expected || expected.object_path !== object.name) {
      log.warn(LogEvent.eventIgnored, 'A feedback file no review expects; deleted', {
        object: object.name,
        event_id: eventId,
      });
      await this.remove(object);
      return;
    }
    if (expected.status === 'uploaded' || expected.status === 'rejected') {
      log.info(LogEvent.eventDuplicate, 'Feedback file already checked', { event_id: eventId });
      return;
    }
    const verdict = await inspectObject(objectReader(this.bucket, object), expected.content_type);
    await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, submissionId);
      const file = current?.review?.feedback_file;
      if (!current?.review || !file || file.object_path !== object.name) return;
      this.repo.txUpdate(tx, submissionId, {
        review: {
          ...current.review,
          feedback_file: {
            ...file,
            status: verdict.ok ? 'uploaded' : 'rejected',
            rejection_reason: verdict.reason,
          },
        },
        updated_at: Timestamp.now(),
      });
    });
    if (!verdict.ok) {
      log.warn(LogEvent.eventProcessed, 'Feedback file refused and deleted', {
        submission_id: submissionId,
        reason: verdict.reason,
      });
      await this.remove(object);
    }
  }

  private async remove(object: StorageObjectData): Promise<void> {
    try {
      await this.bucket.file(object.name).delete();
    } catch (error) {
      if (!hasCode(error, HttpStatus.NOT_FOUND)) throw error;
    }
  }
}
