import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Timestamp,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import type { Reservation } from './quota';

/** Each person's upload quotas, one document per person: `rateLimits/{uid}`. */
export const UPLOAD_QUOTAS_COLLECTION = 'rateLimits';

/** The uploads a quota counts: learners' submissions, instructors' media library. */
export const QuotaKinds = ['submissions', 'media'] as const;
export type QuotaKind = (typeof QuotaKinds)[number];

/** One kind's reservations, a field of the person's quota document. */
export interface KindQuota {
  reservations: Reservation[];
  updated_at: Timestamp;
}
export type QuotaDoc = Partial<Record<QuotaKind, KindQuota>>;

/** A feature's view of its own kind of the upload quotas. */
export interface QuotaOfKind {
  reservations(uid: string): Promise<Reservation[]>;
  txReservations(tx: Transaction, uid: string): Promise<Reservation[]>;
  txSetReservations(tx: Transaction, uid: string, reservations: Reservation[], at: Timestamp): void;
}

/**
 * The one implementation of the quota documents' reads and writes, for every kind. A kind is a
 * field of the person's document and is written alone (`mergeFields`), so a submission upload
 * and a media upload of the same person never overwrite each other's reservations.
 */
export class UploadQuotaStore {
  constructor(private readonly firestore: Firestore) {}

  private ref(uid: string): DocumentReference {
    return this.firestore.collection(UPLOAD_QUOTAS_COLLECTION).doc(uid);
  }

  async reservations(uid: string, kind: QuotaKind): Promise<Reservation[]> {
    countReads();
    return reservationsOf((await this.ref(uid).get()).data() as QuotaDoc | undefined, kind);
  }

  async txReservations(tx: Transaction, uid: string, kind: QuotaKind): Promise<Reservation[]> {
    countReads();
    return reservationsOf((await tx.get(this.ref(uid))).data() as QuotaDoc | undefined, kind);
  }

  txSetReservations(
    tx: Transaction,
    uid: string,
    kind: QuotaKind,
    reservations: Reservation[],
    at: Timestamp,
  ): void {
    countWrites();
    const quota: KindQuota = { reservations, updated_at: at };
    tx.set(this.ref(uid), { [kind]: quota }, { mergeFields: [kind] });
  }

  /** One kind's reads and writes, for the feature that owns that kind of upload. */
  of(kind: QuotaKind): QuotaOfKind {
    return {
      reservations: (uid) => this.reservations(uid, kind),
      txReservations: (tx, uid) => this.txReservations(tx, uid, kind),
      txSetReservations: (tx, uid, reservations, at) =>
        this.txSetReservations(tx, uid, kind, reservations, at),
    };
  }

  /**
   * Erases one kind's quota (account deletion); the document goes with its last kind. Whether
   * there was one to erase.
   */
  forget(uid: string, kind: QuotaKind): Promise<boolean> {
    const ref = this.ref(uid);
    return this.firestore.runTransaction(async (tx) => {
      countReads();
      const doc = (await tx.get(ref)).data() as QuotaDoc | undefined;
      if (!doc?.[kind]) return false;
      countWrites();
      const others = QuotaKinds.some((k) => k !== kind && doc[k] !== undefined);
      if (others) tx.update(ref, { [kind]: FieldValue.delete() });
      else tx.delete(ref);
      return true;
    });
  }
}

function reservationsOf(doc: QuotaDoc | undefined, kind: QuotaKind): Reservation[] {
  return doc?.[kind]?.reservations ?? [];
}
