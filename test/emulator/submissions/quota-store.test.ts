import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Reservation } from '../../../shared/submissions/quota';
import { UploadQuotaStore, type QuotaKind } from '../../../shared/submissions/quota-store';
import { quotaDoc, reservedIds } from '../../helpers/quotas';
import { db } from '../../helpers/services';

/**
 * The one quota document per person holds each kind in its own field: a submission upload and a
 * media upload of the same person, written at once, keep each other's reservations.
 */
const store = () => new UploadQuotaStore(db());
const place = (id: string): Reservation => ({ submission_id: id, at: Date.now(), bytes: 1024 });

function reserve(uid: string, kind: QuotaKind, id: string): Promise<void> {
  return db().runTransaction(async (tx) => {
    const current = await store().txReservations(tx, uid, kind);
    store().txSetReservations(tx, uid, kind, [...current, place(id)], Timestamp.now());
  });
}

describe('UploadQuotaStore', () => {
  it('keeps each kind of a person’s quota apart, also when both are written at once', async () => {
    const uid = `quota-${randomUUID()}`;
    await Promise.all([
      reserve(uid, 'submissions', 's1'),
      reserve(uid, 'media', 'm1'),
      reserve(uid, 'submissions', 's2'),
      reserve(uid, 'media', 'm2'),
    ]);
    expect((await reservedIds(uid, 'submissions')).sort()).toEqual(['s1', 's2']);
    expect((await reservedIds(uid, 'media')).sort()).toEqual(['m1', 'm2']);
    expect((await store().reservations(uid, 'media')).map((r) => r.submission_id).sort()).toEqual([
      'm1',
      'm2',
    ]);
  });

  it('forgets one kind and keeps the other; the document goes with the last kind', async () => {
    const uid = `quota-${randomUUID()}`;
    await reserve(uid, 'submissions', 's1');
    await reserve(uid, 'media', 'm1');
    expect(await store().forget(uid, 'media')).toBe(true);
    expect(await store().forget(uid, 'media')).toBe(false);
    expect(await quotaDoc(uid)).not.toHaveProperty('media');
    expect(await reservedIds(uid, 'submissions')).toEqual(['s1']);
    expect(await store().forget(uid, 'submissions')).toBe(true);
    expect(await quotaDoc(uid)).toBeUndefined();
  });
});
