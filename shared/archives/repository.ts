import {
  FieldPath,
  Timestamp,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { ProgressCollections } from '../progress/model';
import { SubmissionCollections } from '../submissions/model';
import { PATHWAY_ARCHIVES_COLLECTION, type ArchivedMark, type PathwayArchiveDoc } from './model';

/** Marks per batch: under Firestore's 500 writes per commit. */
const PAGE = 300;

export type ArchivedKind = 'enrollments' | 'submissions';
const COLLECTIONS: Record<ArchivedKind, string> = {
  enrollments: ProgressCollections.enrollments,
  submissions: SubmissionCollections.submissions,
};

/**
 * The only code that touches `pathwayArchives/`, and that marks a deleted pathway's enrollments
 * and submissions (a field of their own, `archived_with_pathway`, which no other writer sets).
 */
export class ArchivesRepository {
  constructor(readonly firestore: Firestore) {}

  private ref(pathwayId: string) {
    return this.firestore.collection(PATHWAY_ARCHIVES_COLLECTION).doc(pathwayId);
  }

  /** In the transaction that deletes the pathway; a pathway deleted again replaces its archive. */
  txCreate(tx: Transaction, doc: PathwayArchiveDoc): void {
    countWrites();
    tx.set(this.ref(doc.pathway_id), doc);
  }

  async get(pathwayId: string): Promise<PathwayArchiveDoc | undefined> {
    countReads();
    return (await this.ref(pathwayId).get()).data() as PathwayArchiveDoc | undefined;
  }

  /** Marks every document of the pathway, page by page; idempotent, returns how many it saw. */
  async markAll(kind: ArchivedKind, mark: ArchivedMark): Promise<number> {
    let after: string | undefined;
    let total = 0;
    for (;;) {
      let query = this.firestore
        .collection(COLLECTIONS[kind])
        .where('pathway_id', '==', mark.pathway_id)
        .orderBy(FieldPath.documentId())
        .limit(PAGE);
      if (after) query = query.startAfter(after);
      const snap = await query.select().get();
      countReads(Math.max(1, snap.size));
      if (snap.empty) return total;
      const batch = this.firestore.batch();
      for (const doc of snap.docs) batch.update(doc.ref, { archived_with_pathway: mark });
      countWrites(snap.size);
      await batch.commit();
      total += snap.size;
      after = snap.docs[snap.docs.length - 1]?.id;
    }
  }

  async finish(pathwayId: string, counts: { enrollments: number; submissions: number }) {
    countWrites();
    await this.ref(pathwayId).update({
      ...counts,
      state: 'archived',
      archived_at: Timestamp.now(),
    });
  }

  /** Archives by pathway id, one more than `limit` when more follow. */
  page(limit: number, after: string | undefined): Promise<QueryDocumentSnapshot[]> {
    return this.pageOf(this.firestore.collection(PATHWAY_ARCHIVES_COLLECTION), limit, after);
  }

  /** An archived pathway's enrollments or submissions, by id, one more than `limit`. */
  archived(
    kind: ArchivedKind,
    pathwayId: string,
    limit: number,
    after: string | undefined,
  ): Promise<QueryDocumentSnapshot[]> {
    const query = this.firestore
      .collection(COLLECTIONS[kind])
      .where('archived_with_pathway.pathway_id', '==', pathwayId);
    return this.pageOf(query, limit, after);
  }

  private async pageOf(
    base: Query,
    limit: number,
    after: string | undefined,
  ): Promise<QueryDocumentSnapshot[]> {
    let query = base.orderBy(FieldPath.documentId()).limit(limit + 1);
    if (after) query = query.startAfter(after);
    const snap = await query.get();
    countReads(Math.max(1, snap.size));
    return snap.docs;
  }
}
