import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { release } from './quota';
import type { SubmissionsRepository } from './repository';

/**
 * Cloud Tasks target, scheduled at a signed URL's expiry plus a grace period: an upload that
 * never arrived is marked expired and its quota given back. Running twice changes nothing.
 * "Never arrived" is asked of the bucket: a file that is there but whose finalize event is still
 * on its way is left for that event, which records it, instead of its quota being given back
 * only for the event to take it again (`late-arrival.ts`).
 */
export class UploadExpiry {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly bucket: Bucket,
  ) {}

  async expire(submissionId: string): Promise<'expired' | 'unchanged'> {
    const seen = await this.repo.get(submissionId);
    if (!seen || seen.status !== 'awaiting_upload') return 'unchanged';
    // Asked before the transaction, whose locks (the learner's quota document, which every upload
    // and expiry of theirs writes) would otherwise be held across a Storage request. A file that
    // lands after this look is a late arrival, which finalize takes like a timely one.
    const [arrived] = await this.bucket.file(seen.object_path).exists();
    if (arrived) return 'unchanged';
    return this.repo.firestore.runTransaction(async (tx) => {
      const sub = await this.repo.txGet(tx, submissionId);
      if (!sub || sub.status !== 'awaiting_upload') return 'unchanged' as const;
      const reservations = await this.repo.quota.txReservations(tx, sub.user_id);
      const now = Timestamp.now();
      this.repo.txUpdate(tx, submissionId, { status: 'expired', expired_at: now, updated_at: now });
      this.repo.quota.txSetReservations(tx, sub.user_id, release(reservations, submissionId), now);
      return 'expired' as const;
    });
  }
}
