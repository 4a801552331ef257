import {
  FieldPath,
  Filter,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { SubmissionCollections, type SubmissionDoc } from './model';
import { UploadQuotaStore, type QuotaOfKind } from './quota-store';

export interface StoredSubmission {
  id: string;
  doc: SubmissionDoc;
}

/** Which pathways a review-queue read covers. */
export type ReviewScope = 'all' | string[];

/**
 * The only code that touches submissions and their per-resource attempt counters, with every
 * document read and write counted; the upload quota (kind `submissions`) through the shared
 * quota store.
 */
export class SubmissionsRepository {
  /** The submissions kind of the person's upload quota (the shared quota store). */
  readonly quota: QuotaOfKind;

  constructor(readonly firestore: Firestore) {
    this.quota = new UploadQuotaStore(firestore).of('submissions');
  }

  private ref(id: string): DocumentReference {
    return this.firestore.collection(SubmissionCollections.submissions).doc(id);
  }
  private counterRef(userId: string, resourceId: string): DocumentReference {
    return this.firestore.collection(SubmissionCollections.counters).doc(`${userId}_${resourceId}`);
  }

  /** A fresh submission id (Firestore's 20-character auto id). */
  newId(): string {
    return this.firestore.collection(SubmissionCollections.submissions).doc().id;
  }

  async get(id: string): Promise<SubmissionDoc | undefined> {
    countReads();
    return (await this.ref(id).get()).data() as SubmissionDoc | undefined;
  }

  async update(id: string, fields: Partial<SubmissionDoc>): Promise<void> {
    countWrites();
    await this.ref(id).update(fields);
  }

  /** A learner's live (not soft-deleted) submissions, in a pathway and/or for one resource. */
  async ofLearner(
    userId: string,
    filter: { pathwayId?: string; resourceId?: string },
  ): Promise<StoredSubmission[]> {
    let query = this.firestore
      .collection(SubmissionCollections.submissions)
      .where('user_id', '==', userId);
    if (filter.pathwayId) query = query.where('pathway_id', '==', filter.pathwayId);
    if (filter.resourceId) query = query.where('resource_id', '==', filter.resourceId);
    const snap = await query.where('deleted_at', '==', null).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }));
  }

  /** The review queue: uploaded files, oldest first, in the scope's pathways. */
  private queue(scope: ReviewScope): Query {
    // Soft-deleted attempts stay in the queue (flagged): hiding one would leave its resource
    // counted as submitted with nobody ever judging it.
    const base = this.firestore
      .collection(SubmissionCollections.submissions)
      .where('status', '==', 'uploaded');
    if (scope === 'all') return base;
    return base.where(
      scope.length === 1
        ? Filter.where('pathway_id', '==', scope[0])
        : Filter.where('pathway_id', 'in', scope),
    );
  }

  async pendingCount(scope: ReviewScope): Promise<number> {
    countReads();
    return (await this.queue(scope).count().get()).data().count;
  }

  /** A page of the queue after a cursor (upload time in ms, id), or after skipping `offset`. */
  async pendingPage(
    scope: ReviewScope,
    limit: number,
    after: { uploadedAtMs: number; id: string } | { offset: number },
  ): Promise<StoredSubmission[]> {
    let q = this.queue(scope).orderBy('uploaded_at').orderBy(FieldPath.documentId());
    if ('id' in after) q = q.startAfter(Timestamp.fromMillis(after.uploadedAtMs), after.id);
    else if (after.offset > 0) q = q.offset(after.offset);
    const page = await q.limit(limit + 1).get();
    countReads(Math.max(1, page.size));
    return page.docs.map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }));
  }

  // ---- inside transactions

  /** What `ofLearner` reads for a pathway, inside another feature's transaction. */
  txOfLearnerInPathway(
    tx: Transaction,
    userId: string,
    pathwayId: string,
  ): Promise<StoredSubmission[]> {
    return this.txList(
      tx,
      this.learnerQuery(userId)
        .where('pathway_id', '==', pathwayId)
        .where('deleted_at', '==', null),
    );
  }

  /** Every upload of a learner for a resource, soft-deleted ones included (attempts all). */
  txOfLearnerForResource(
    tx: Transaction,
    userId: string,
    resourceId: string,
  ): Promise<StoredSubmission[]> {
    return this.txList(tx, this.learnerQuery(userId).where('resource_id', '==', resourceId));
  }

  private learnerQuery(userId: string): Query {
    return this.firestore
      .collection(SubmissionCollections.submissions)
      .where('user_id', '==', userId);
  }

  private async txList(tx: Transaction, query: Query): Promise<StoredSubmission[]> {
    const snap = await tx.get(query);
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }));
  }

  async txGet(tx: Transaction, id: string): Promise<SubmissionDoc | undefined> {
    countReads();
    return (await tx.get(this.ref(id))).data() as SubmissionDoc | undefined;
  }

  txCreate(tx: Transaction, id: string, doc: SubmissionDoc): void {
    countWrites();
    tx.create(this.ref(id), doc);
  }

  txUpdate(tx: Transaction, id: string, fields: Partial<SubmissionDoc>): void {
    countWrites();
    tx.update(this.ref(id), fields);
  }

  /**
   * The submission and its learner's attempt counter for the resource, for a transaction that
   * reads them in the same round trip as other documents (finalize: with the enrollment);
   * `attemptOf` reads their snapshots.
   */
  attemptRefs(
    id: string,
    userId: string,
    resourceId: string,
  ): [DocumentReference, DocumentReference] {
    return [this.ref(id), this.counterRef(userId, resourceId)];
  }

  /** The submission and the attempts recorded so far, from the snapshots of `attemptRefs`. */
  attemptOf([submission, counter]: readonly DocumentSnapshot[]): [
    SubmissionDoc | undefined,
    number,
  ] {
    countReads(2);
    return [
      submission?.data() as SubmissionDoc | undefined,
      (counter?.data() as { count: number } | undefined)?.count ?? 0,
    ];
  }

  txSetAttemptCount(
    tx: Transaction,
    userId: string,
    resourceId: string,
    count: number,
    at: Timestamp,
  ): void {
    countWrites();
    tx.set(this.counterRef(userId, resourceId), { count, updated_at: at });
  }
}
