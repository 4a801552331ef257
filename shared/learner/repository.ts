import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { countReads } from '../platform/io-stats';
import { createIfAbsent } from './documents';
import { parseLearnerEvent, type LearnerEvent } from './events';
import { LearnerCollections, type LearnerEventDoc } from './model';

/** The only code that touches the learner model's collections. */
export class LearnerRepository {
  constructor(private readonly firestore: Firestore) {}

  private events(userId: string): CollectionReference {
    return this.firestore
      .collection(LearnerCollections.users)
      .doc(userId)
      .collection(LearnerCollections.events);
  }

  /**
   * Stores each event unless its id is already there: one `create` per event, which Firestore
   * refuses atomically when the document exists, so two concurrent deliveries of the same
   * message store it once, with no transaction (no read, no lock on the learner's stream).
   * Events of one call belong to one learner.
   */
  async storeOnce(
    userId: string,
    events: readonly LearnerEvent[],
    storedAt: Date,
  ): Promise<{ stored: string[]; duplicates: string[] }> {
    if (events.some((e) => e.user_id !== userId))
      throw new Error('storeOnce takes the events of one learner');
    const unique = events.filter((e, i) => events.findIndex((o) => o.id === e.id) === i);
    const collection = this.events(userId);
    const created = await Promise.all(
      unique.map((event) => {
        const doc: LearnerEventDoc = { ...event, stored_at: storedAt.toISOString() };
        return createIfAbsent(collection.doc(event.id), doc);
      }),
    );
    const stored = unique.filter((_, i) => created[i]).map((e) => e.id);
    // Every other occurrence is a duplicate: already stored, or repeated within this call.
    const first = new Set(stored);
    const duplicates: string[] = [];
    for (const event of events) {
      if (first.delete(event.id)) continue;
      duplicates.push(event.id);
    }
    return { stored, duplicates };
  }

  /** A page of a learner's stream in time order (by id), one more than `limit` if more follow. */
  async eventsPage(
    userId: string,
    limit: number,
    afterId: string | undefined,
  ): Promise<LearnerEventDoc[]> {
    let query = this.events(userId).orderBy(FieldPath.documentId());
    if (afterId !== undefined) query = query.startAfter(afterId);
    const snap = await query.limit(limit + 1).get();
    countReads(snap.size);
    return snap.docs.map((d) => {
      const { stored_at: storedAt, ...event } = d.data() as LearnerEventDoc;
      return { ...parseLearnerEvent(event), stored_at: storedAt };
    });
  }
}
