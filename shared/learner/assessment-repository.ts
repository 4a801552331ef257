import type { Firestore } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import { createIfAbsent, replaceInTransaction } from './documents';
import { LearnerCollections, type AssessmentAttemptDoc, type AssessmentDoc } from './model';

/** The only code that touches `assessments/{id}` and `assessmentAttempts/{id}`. */
export class AssessmentRepository {
  constructor(
    private readonly firestore: Firestore,
    private readonly outbox: Outbox,
  ) {}

  private assessments() {
    return this.firestore.collection(LearnerCollections.assessments);
  }

  private attempts() {
    return this.firestore.collection(LearnerCollections.assessmentAttempts);
  }

  create(doc: AssessmentDoc): Promise<boolean> {
    return createIfAbsent(this.assessments().doc(doc.id), doc);
  }

  async get(id: string): Promise<AssessmentDoc | undefined> {
    countReads();
    return (await this.assessments().doc(id).get()).data() as AssessmentDoc | undefined;
  }

  /** Active assessments in id order; one more than `limit` tells that more follow. */
  async activePage(limit: number, afterId: string | undefined): Promise<AssessmentDoc[]> {
    let q = this.assessments().where('status', '==', 'active').orderBy(FieldPath.documentId());
    if (afterId !== undefined) q = q.startAfter(afterId);
    const snap = await q.limit(limit + 1).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as AssessmentDoc);
  }

  /** Replaces an assessment in a transaction after `change` checked it; undefined if absent. */
  update(
    id: string,
    change: (doc: AssessmentDoc) => AssessmentDoc,
  ): Promise<AssessmentDoc | undefined> {
    return replaceInTransaction(this.firestore, this.assessments().doc(id), change);
  }

  /** A new attempt id (Firestore's random ids: unguessable, so attempts cannot be enumerated). */
  newAttemptId(): string {
    return this.attempts().doc().id;
  }

  /** Records a scored attempt and stages its learner event in the same commit. */
  async recordAttempt(doc: AssessmentAttemptDoc, event: OutboxEvent): Promise<void> {
    const batch = this.firestore.batch();
    batch.create(this.attempts().doc(doc.attempt_id), doc);
    this.outbox.stage(batch, [event]);
    countWrites();
    await batch.commit();
  }

  async attempt(id: string): Promise<AssessmentAttemptDoc | undefined> {
    countReads();
    return (await this.attempts().doc(id).get()).data() as AssessmentAttemptDoc | undefined;
  }
}
