import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { release } from '../submissions/quota';
import type { MediaRepository } from './repository';

/**
 * The upload-expiry task for media: an item whose bytes never arrived is marked expired and its
 * quota given back. Running twice changes nothing. As for submissions, bytes that are in the
 * bucket but whose finalize event has not landed yet are left for that event.
 */
export class MediaExpiry {
  constructor(
    private readonly repo: MediaRepository,
    private readonly bucket: Bucket,
  ) {}

  async expire(mediaId: string): Promise<'expired' | 'unchanged'> {
    const seen = await this.repo.get(mediaId);
    if (!seen || seen.status !== 'awaiting_upload') return 'unchanged';
    // Before the transaction, so its locks are not held across a Storage request (see
    // UploadExpiry); bytes that land after this look are taken by finalize as a late arrival.
    const [arrived] = await this.bucket.file(seen.object_path).exists();
    if (arrived) return 'unchanged';
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
