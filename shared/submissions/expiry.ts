import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { release } from './quota';
import type { SubmissionsRepository } from './repository';

/**
 * Cloud Tasks target, scheduled at a signed URL's expiry plus a grace period: an upload that
 * never arrived is marked expired and its quota given back. Running twice changes nothing.
 * "Never arrived" is asked of the bucket: a file that is there but whose finalize event is still
 * on its way is left for that event, which records it; expiring it would quarantine the
 * learner's upload when the event lands.
 */
export class UploadExpiry {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly bucket: Bucket,
  ) {}

  async expire(submissionId: string): Promise<'expired' | 'unchanged'> {
    return this.repo.firestore.runTransaction(async (tx) => {
      const sub = await this.repo.txGet(tx, submissionId);
      if (!sub || sub.status !== 'awaiting_upload') return 'unchanged' as const;
      const [arrived] = await this.bucket.file(sub.object_path).exists();
      if (arrived) return 'unchanged' as const;
      const reservations = await this.repo.quota.txReservations(tx, sub.user_id);
      const now = Timestamp.now();
      this.repo.txUpdate(tx, submissionId, { status: 'expired', expired_at: now, updated_at: now });
      this.repo.quota.txSetReservations(tx, sub.user_id, release(reservations, submissionId), now);
      return 'expired' as const;
    });
  }
}
