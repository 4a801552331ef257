import {
  FieldPath,
  FieldValue,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type QueryDocumentSnapshot,
  type Timestamp,
  type Transaction,
  type WriteBatch,
} from 'firebase-admin/firestore';
import type { EnrollmentCertificate } from '../certificates/model';
import { countReads, countWrites } from '../platform/io-stats';
import { enrollmentId, ProgressCollections, type EnrollmentDoc } from './model';

/** A recorded quiz attempt, `enrollments/{id}/quizAttempts/{resource}-{n}`. */
export type QuizAttemptDoc = Record<string, unknown>;

/**
 * The only code that touches enrollments and their quiz attempts, with every document read and
 * write counted (the progress benchmark reports them per completion).
 */
export class ProgressRepository {
  constructor(readonly firestore: Firestore) {}

  enrollmentRef(userId: string, pathwayId: string): DocumentReference {
    return this.firestore
      .collection(ProgressCollections.enrollments)
      .doc(enrollmentId(userId, pathwayId));
  }

  async enrollment(userId: string, pathwayId: string): Promise<EnrollmentDoc | undefined> {
    countReads();
    return (await this.enrollmentRef(userId, pathwayId).get()).data() as EnrollmentDoc | undefined;
  }

  /** A page of a learner's enrollments in id order; one more than `limit` tells if more follow. */
  async enrollmentsOf(
    userId: string,
    limit: number,
    afterId: string | undefined,
  ): Promise<{ id: string; doc: EnrollmentDoc }[]> {
    let query = this.firestore
      .collection(ProgressCollections.enrollments)
      .where('user_id', '==', userId)
      .orderBy(FieldPath.documentId());
    if (afterId !== undefined) query = query.startAfter(afterId);
    const snap = await query.limit(limit + 1).get();
    countReads(snap.size);
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as EnrollmentDoc }));
  }

  /**
   * A pathway's enrollments computed against an older outline than `version`, in pages of
   * `pageSize`, from one streamed query: one pass over the pathway however many pages (a query
   * per page would search the collection again for each; the emulator scans it whole every time).
   */
  async *staleEnrollmentPages(
    pathwayId: string,
    version: number,
    pageSize: number,
  ): AsyncGenerator<QueryDocumentSnapshot[]> {
    const stream = this.firestore
      .collection(ProgressCollections.enrollments)
      .where('pathway_id', '==', pathwayId)
      .where('outline_version', '<', version)
      .stream() as AsyncIterable<QueryDocumentSnapshot>;
    let page: QueryDocumentSnapshot[] = [];
    for await (const doc of stream) {
      page.push(doc);
      if (page.length < pageSize) continue;
      countReads(page.length);
      yield page;
      page = [];
    }
    countReads(page.length);
    if (page.length > 0) yield page;
  }

  batch(): WriteBatch {
    return this.firestore.batch();
  }

  /**
   * Updates an enrollment in `batch` only if nobody wrote it since it was read (`lastUpdateTime`);
   * events can be staged in the same batch, and a conflict fails the whole batch.
   */
  guardedUpdate(
    batch: WriteBatch,
    snap: QueryDocumentSnapshot,
    fields: Partial<EnrollmentDoc>,
  ): void {
    batch.update(snap.ref, fields, { lastUpdateTime: snap.updateTime });
    countWrites();
  }

  async txEnrollment(tx: Transaction, ref: DocumentReference): Promise<EnrollmentDoc | undefined> {
    countReads();
    return (await tx.get(ref)).data() as EnrollmentDoc | undefined;
  }

  /**
   * The enrollment and other documents in one round trip: a transaction's reads wait for each
   * other, so each separate read would add one. (The others' repositories count their reads.)
   */
  async txEnrollmentWith(
    tx: Transaction,
    ref: DocumentReference,
    others: readonly DocumentReference[],
  ): Promise<[EnrollmentDoc | undefined, DocumentSnapshot[]]> {
    countReads();
    const [enrollment, ...rest] = await tx.getAll(ref, ...others);
    return [enrollment?.data() as EnrollmentDoc | undefined, rest];
  }

  txCreate(tx: Transaction, ref: DocumentReference, doc: EnrollmentDoc): void {
    countWrites();
    tx.set(ref, doc);
  }

  /** Writes only the fields that changed: one resource, the touched modules, the aggregates. */
  txUpdate(tx: Transaction, ref: DocumentReference, fields: [FieldPath, unknown][]): void {
    countWrites();
    const [first, ...rest] = fields;
    if (!first) return;
    tx.update(ref, first[0], first[1], ...rest.flat());
  }

  /** Sets the enrollment's certificate state (the certificates feature decides it). */
  txSetCertificate(
    tx: Transaction,
    ref: DocumentReference,
    certificate: EnrollmentCertificate,
    now: Timestamp,
  ): void {
    countWrites();
    tx.update(ref, { certificate, updated_at: now });
  }

  /** Forgets a certificate that was being issued and never was. */
  txClearCertificate(tx: Transaction, ref: DocumentReference): void {
    countWrites();
    tx.update(ref, { certificate: FieldValue.delete() });
  }

  txCreateQuizAttempt(
    tx: Transaction,
    enrollment: DocumentReference,
    id: string,
    doc: QuizAttemptDoc,
  ): void {
    countWrites();
    tx.create(enrollment.collection(ProgressCollections.quizAttempts).doc(id), doc);
  }

  /** Whether an attempt with this id exists (imported attempts have deterministic ids). */
  async txAttemptExists(
    tx: Transaction,
    enrollment: DocumentReference,
    id: string,
  ): Promise<boolean> {
    countReads();
    return (await tx.get(enrollment.collection(ProgressCollections.quizAttempts).doc(id))).exists;
  }
}
