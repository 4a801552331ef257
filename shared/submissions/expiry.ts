import { Timestamp } from 'firebase-admin/firestore';
import { release } from './quota';
import type { SubmissionsRepository } from './repository';

/**
 * Cloud Tasks target, scheduled at a signed URL's expiry plus a grace period: an upload that
 * never arrived is marked expired and its quota given back. Running twice changes nothing.
 */
export class UploadExpiry {
  constructor(private readonly repo: SubmissionsRepository) {}

  async expire(submissionId: string): Promise<'expired' | 'unchanged'> {
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
