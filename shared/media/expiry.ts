import { Timestamp } from 'firebase-admin/firestore';
import { release } from '../submissions/quota';
import type { MediaRepository } from './repository';

/**
 * The upload-expiry task for media: an item whose bytes never arrived is marked expired and its
 * quota given back. Running twice changes nothing.
 */
export class MediaExpiry {
  constructor(private readonly repo: MediaRepository) {}

  async expire(mediaId: string): Promise<'expired' | 'unchanged'> {
    return this.repo.firestore.runTransaction(async (tx) => {
      const media = await this.repo.txGet(tx, mediaId);
      if (!media || media.status !== 'awaiting_upload') return 'unchanged' as const;
      const reservations = await this.repo.quota.txReservations(tx, media.owner_uid);
      const now = Timestamp.now();
      this.repo.txUpdate(tx, mediaId, { status: 'expired', updated_at: now });
      this.repo.quota.txSetReservations(tx, media.owner_uid, release(reservations, mediaId), now);
      return 'expired' as const;
    });
  }
}
