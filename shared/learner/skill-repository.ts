import type { Firestore } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { GrpcStatus, hasCode } from '../platform/grpc';
import { countReads, countWrites } from '../platform/io-stats';
import { LearnerCollections, type SkillDoc } from './model';

/** The only code that touches `skills/{id}`, the managed skills list. */
export class SkillRepository {
  constructor(private readonly firestore: Firestore) {}

  private collection() {
    return this.firestore.collection(LearnerCollections.skills);
  }

  /** A page in id order; one more than `limit` tells that more follow. */
  async page(limit: number, afterId: string | undefined): Promise<SkillDoc[]> {
    let q = this.collection().orderBy(FieldPath.documentId());
    if (afterId !== undefined) q = q.startAfter(afterId);
    const snap = await q.limit(limit + 1).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as SkillDoc);
  }

  async get(id: string): Promise<SkillDoc | undefined> {
    countReads();
    return (await this.collection().doc(id).get()).data() as SkillDoc | undefined;
  }

  /** Several skills in one round trip; absent ones are missing from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, SkillDoc>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    countReads(unique.length);
    const snaps = await this.firestore.getAll(...unique.map((id) => this.collection().doc(id)));
    return new Map(snaps.filter((s) => s.exists).map((s) => [s.id, s.data() as SkillDoc]));
  }

  /** Creates the skill unless the id is taken; false when it is. */
  async create(doc: SkillDoc): Promise<boolean> {
    countWrites();
    try {
      await this.collection().doc(doc.id).create(doc);
      return true;
    } catch (error) {
      if (hasCode(error, GrpcStatus.ALREADY_EXISTS)) return false;
      throw error;
    }
  }

  /** Applies a change to a stored skill in a transaction; undefined when there is none. */
  update(id: string, change: (doc: SkillDoc) => SkillDoc): Promise<SkillDoc | undefined> {
    const ref = this.collection().doc(id);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      countReads();
      if (!snap.exists) return undefined;
      const next = change(snap.data() as SkillDoc);
      tx.set(ref, next);
      countWrites();
      return next;
    });
  }
}
