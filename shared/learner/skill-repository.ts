import type { Firestore } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { countReads } from '../platform/io-stats';
import { createIfAbsent, replaceInTransaction } from './documents';
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
  create(doc: SkillDoc): Promise<boolean> {
    return createIfAbsent(this.collection().doc(doc.id), doc);
  }

  /** Applies a change to a stored skill in a transaction; undefined when there is none. */
  update(id: string, change: (doc: SkillDoc) => SkillDoc): Promise<SkillDoc | undefined> {
    return replaceInTransaction(this.firestore, this.collection().doc(id), change);
  }
}
