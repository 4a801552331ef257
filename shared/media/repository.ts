import {
  FieldPath,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Query,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { UploadQuotaStore, type QuotaOfKind } from '../submissions/quota-store';
import { MediaCollections, type MediaDoc, type MediaStatus } from './model';
import type { MediaKind } from './kinds';

export interface StoredMedia {
  id: string;
  doc: MediaDoc;
}

export interface MediaFilter {
  /** Everyone's media when absent (admins). */
  ownerUid?: string;
  kind?: MediaKind;
  status?: MediaStatus;
}

/** The only code that touches the media library; the media quota through the shared quota store. */
export class MediaRepository {
  /** The media kind of the person's upload quota (the shared quota store). */
  readonly quota: QuotaOfKind;

  constructor(readonly firestore: Firestore) {
    this.quota = new UploadQuotaStore(firestore).of('media');
  }

  private ref(id: string): DocumentReference {
    return this.firestore.collection(MediaCollections.media).doc(id);
  }

  async get(id: string): Promise<MediaDoc | undefined> {
    countReads();
    return (await this.ref(id).get()).data() as MediaDoc | undefined;
  }

  /** A page of the library, newest first, after a cursor (creation time in ms, id). */
  async page(
    filter: MediaFilter,
    limit: number,
    after: { createdAtMs: number; id: string } | undefined,
  ): Promise<StoredMedia[]> {
    let q: Query = this.firestore.collection(MediaCollections.media);
    if (filter.ownerUid) q = q.where('owner_uid', '==', filter.ownerUid);
    if (filter.kind) q = q.where('kind', '==', filter.kind);
    if (filter.status) q = q.where('status', '==', filter.status);
    q = q.orderBy('created_at', 'desc').orderBy(FieldPath.documentId(), 'desc');
    if (after) q = q.startAfter(Timestamp.fromMillis(after.createdAtMs), after.id);
    const snap = await q.limit(limit + 1).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as MediaDoc }));
  }

  // ---- inside transactions

  async txGet(tx: Transaction, id: string): Promise<MediaDoc | undefined> {
    countReads();
    return (await tx.get(this.ref(id))).data() as MediaDoc | undefined;
  }

  txCreate(tx: Transaction, id: string, doc: MediaDoc): void {
    countWrites();
    tx.create(this.ref(id), doc);
  }

  txUpdate(tx: Transaction, id: string, fields: Partial<MediaDoc>): void {
    countWrites();
    tx.update(this.ref(id), fields);
  }

  txDelete(tx: Transaction, id: string): void {
    countWrites();
    tx.delete(this.ref(id));
  }
}
