import type { FieldPath } from 'firebase-admin/firestore';
import { type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';
import type { PathwayDoc, QuizKeyDoc, ResourceDoc } from '../catalog/service';
import { Collections } from '../catalog/service';
import { countReads, countWrites } from '../platform/io-stats';
import { enrollmentId, type EnrollmentDoc } from './model';

const MAX_CACHED_RESOURCES = 20_000;

/**
 * Firestore access for progress, with every document read and write counted. A resource's
 * pathway never changes, so that mapping is cached per instance; everything else is read fresh.
 */
export class ProgressRepository {
  private readonly pathwayOfResource = new Map<string, string>();

  constructor(readonly firestore: Firestore) {}

  enrollmentRef(userId: string, pathwayId: string): DocumentReference {
    return this.firestore.collection('enrollments').doc(enrollmentId(userId, pathwayId));
  }

  async resource(resourceId: string): Promise<ResourceDoc | undefined> {
    countReads();
    const snap = await this.firestore.collection(Collections.resources).doc(resourceId).get();
    const doc = snap.data() as ResourceDoc | undefined;
    if (doc) this.remember(resourceId, doc.pathway_id);
    return doc;
  }

  private remember(resourceId: string, pathwayId: string): void {
    if (this.pathwayOfResource.size >= MAX_CACHED_RESOURCES) this.pathwayOfResource.clear();
    this.pathwayOfResource.set(resourceId, pathwayId);
  }

  /** The pathway a resource belongs to; `fresh` skips the cache (after a miss in the outline). */
  async pathwayIdOf(resourceId: string, fresh = false): Promise<string | undefined> {
    if (!fresh) {
      const cached = this.pathwayOfResource.get(resourceId);
      if (cached) return cached;
    }
    return (await this.resource(resourceId))?.pathway_id;
  }

  async pathway(pathwayId: string): Promise<PathwayDoc | undefined> {
    countReads();
    const snap = await this.firestore.collection(Collections.pathways).doc(pathwayId).get();
    return snap.data() as PathwayDoc | undefined;
  }

  /** Several pathways in one round trip, in the order asked. */
  async pathways(ids: string[]): Promise<(PathwayDoc | undefined)[]> {
    if (ids.length === 0) return [];
    countReads(ids.length);
    const snaps = await this.firestore.getAll(
      ...ids.map((id) => this.firestore.collection(Collections.pathways).doc(id)),
    );
    return snaps.map((s) => s.data() as PathwayDoc | undefined);
  }

  async quizKey(resourceId: string): Promise<QuizKeyDoc | undefined> {
    countReads();
    const snap = await this.firestore.collection(Collections.quizKeys).doc(resourceId).get();
    return snap.data() as QuizKeyDoc | undefined;
  }

  async enrollment(userId: string, pathwayId: string): Promise<EnrollmentDoc | undefined> {
    countReads();
    return (await this.enrollmentRef(userId, pathwayId).get()).data() as EnrollmentDoc | undefined;
  }

  async txEnrollment(tx: Transaction, ref: DocumentReference): Promise<EnrollmentDoc | undefined> {
    countReads();
    return (await tx.get(ref)).data() as EnrollmentDoc | undefined;
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
}
