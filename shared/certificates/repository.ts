import {
  FieldPath,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { GrpcStatus, hasCode } from '../platform/grpc';
import { countReads, countWrites } from '../platform/io-stats';
import { CertificateCollections, type CertificateDoc } from './model';
import { PublicJwkSchema, type PublicJwk } from './signers';

/** An archived public key: the JWK, and when it first signed a credential. */
interface SigningKeyDoc {
  jwk: PublicJwk;
  archived_at: Date;
}

/**
 * The only code that touches `certificates/` and `certificateSigningKeys/`, with every document
 * read and write counted.
 */
export class CertificatesRepository {
  constructor(readonly firestore: Firestore) {}

  private ref(id: string): DocumentReference {
    return this.firestore.collection(CertificateCollections.certificates).doc(id);
  }
  private keyRef(kid: string): DocumentReference {
    return this.firestore.collection(CertificateCollections.signingKeys).doc(kid);
  }

  async get(id: string): Promise<CertificateDoc | undefined> {
    countReads();
    return (await this.ref(id).get()).data() as CertificateDoc | undefined;
  }

  /** The certificate whose PDF has exactly this SHA-256, if any was issued. */
  async byPdfSha256(sha256: string): Promise<CertificateDoc | undefined> {
    const snap = await this.firestore
      .collection(CertificateCollections.certificates)
      .where('pdf_sha256', '==', sha256)
      .limit(1)
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs[0]?.data() as CertificateDoc | undefined;
  }

  /** A page of a learner's certificates in id order; one more than `limit` tells if more follow. */
  async ofLearner(
    userId: string,
    limit: number,
    afterId: string | undefined,
  ): Promise<CertificateDoc[]> {
    let query = this.firestore
      .collection(CertificateCollections.certificates)
      .where('user_id', '==', userId)
      .orderBy(FieldPath.documentId());
    if (afterId !== undefined) query = query.startAfter(afterId);
    const snap = await query.limit(limit + 1).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as CertificateDoc);
  }

  runTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.firestore.runTransaction(work);
  }

  async txGet(tx: Transaction, id: string): Promise<CertificateDoc | undefined> {
    countReads();
    return (await tx.get(this.ref(id))).data() as CertificateDoc | undefined;
  }

  async txExists(tx: Transaction, id: string): Promise<boolean> {
    countReads();
    return (await tx.get(this.ref(id))).exists;
  }

  txCreate(tx: Transaction, doc: CertificateDoc): void {
    countWrites();
    tx.create(this.ref(doc.certificate_id), doc);
  }

  txUpdate(tx: Transaction, id: string, fields: Partial<CertificateDoc>): void {
    countWrites();
    tx.update(this.ref(id), fields);
  }

  // ---- the signing-key archive

  async hasSigningKey(kid: string): Promise<boolean> {
    countReads();
    return (await this.keyRef(kid).get()).exists;
  }

  /** Archives a public key once; a second writer finding it there is not an error. */
  async archiveSigningKey(jwk: PublicJwk, now: Date): Promise<void> {
    countWrites();
    try {
      await this.keyRef(jwk.kid).create({ jwk, archived_at: now } satisfies SigningKeyDoc);
    } catch (error) {
      if (!hasCode(error, GrpcStatus.ALREADY_EXISTS)) throw error;
    }
  }

  /** Every archived public key (a handful: one per key Google rotated in, every few weeks). */
  async signingKeys(): Promise<PublicJwk[]> {
    const snap = await this.firestore.collection(CertificateCollections.signingKeys).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.flatMap((d) => {
      const parsed = PublicJwkSchema.safeParse((d.data() as Partial<SigningKeyDoc>).jwk);
      return parsed.success ? [parsed.data] : [];
    });
  }
}
