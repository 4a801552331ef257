import type { Bucket } from '@google-cloud/storage';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import { admitLateArrival } from './late-arrival';
import type { LateArrivalRecord, SubmissionDoc } from './model';
import { quarantineObject } from './quarantine';
import type { SubmissionsRepository } from './repository';

/** Thrown inside the recording transaction so it writes nothing; `refuse` records why. */
export class LateArrivalRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LateArrivalRefused';
  }
}

/**
 * A file whose upload expired while its PUT was under way (see `late-arrival.ts`): admitted in
 * the transaction that records it, with its quota taken again there, or refused and quarantined
 * with the reason on the upload, which stays `expired`.
 */
export class LateAdmission {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly bucket: Bucket,
  ) {}

  /**
   * Inside the transaction that records the arrival, after its other reads and before its
   * writes: takes the upload's quota again and answers what to store as `late_arrival`, or
   * throws `LateArrivalRefused`. A refusal already recorded stands, so every delivery of the
   * file decides alike.
   */
  async txAdmit(
    tx: Transaction,
    submissionId: string,
    sub: SubmissionDoc,
    generation: string,
    now: Timestamp,
  ): Promise<LateArrivalRecord> {
    if (sub.late_arrival?.refused) throw new LateArrivalRefused(sub.late_arrival.refused);
    const [siblings, reservations] = await Promise.all([
      this.repo.txOfLearnerForResource(tx, sub.user_id, sub.resource_id),
      this.repo.quota.txReservations(tx, sub.user_id),
    ]);
    const decision = admitLateArrival({
      submissionId,
      openedAtMs: sub.created_at.toMillis(),
      bytes: sub.size_bytes,
      siblings: siblings.map(({ id, doc }) => ({
        id,
        openedAtMs: doc.created_at.toMillis(),
        status: doc.status,
        attemptNumber: doc.attempt_number,
      })),
      reservations,
      now: now.toMillis(),
    });
    if (!decision.admit) throw new LateArrivalRefused(decision.reason);
    this.repo.quota.txSetReservations(tx, sub.user_id, decision.reservations, now);
    return { generation, at: now, refused: null };
  }

  /** `txAdmit` for an upload found expired; nothing for one still awaited or being scanned. */
  async txAdmitIfExpired(
    tx: Transaction,
    submissionId: string,
    current: SubmissionDoc,
    generation: string,
    now: Timestamp,
  ): Promise<{ late_arrival?: LateArrivalRecord }> {
    if (current.status !== 'expired') return {};
    return { late_arrival: await this.txAdmit(tx, submissionId, current, generation, now) };
  }

  /**
   * Opens a transaction's settling of a file: the upload if it still awaits its file or expired
   * while it was on its way (undefined once settled), the transaction's time, and for an expired
   * one its admission (`txAdmit`).
   */
  async txUnsettled(
    tx: Transaction,
    submissionId: string,
    generation: string,
  ): Promise<{ now: Timestamp; late: { late_arrival?: LateArrivalRecord } } | undefined> {
    const current = await this.repo.txGet(tx, submissionId);
    if (current?.status !== 'awaiting_upload' && current?.status !== 'expired') return undefined;
    const now = Timestamp.now();
    return {
      now,
      late: await this.txAdmitIfExpired(tx, submissionId, current, generation, now),
    };
  }

  /** The upload stays expired, with the reason stored and logged; its object is quarantined. */
  async refuse(submissionId: string, object: StorageObjectData, reason: string): Promise<void> {
    await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, submissionId);
      if (!current || current.status !== 'expired' || current.late_arrival?.refused) return;
      const now = Timestamp.now();
      this.repo.txUpdate(tx, submissionId, {
        rejection_reason: reason,
        late_arrival: { generation: object.generation, at: now, refused: reason },
        updated_at: now,
      });
    });
    log.warn(LogEvent.eventIgnored, 'Late arrival refused; object quarantined', {
      submission_id: submissionId,
      reason,
    });
    await quarantineObject(this.bucket, object.name);
  }
}
