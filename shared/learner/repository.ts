import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
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
   * Stores each event unless its id is already there, in one transaction per learner, so two
   * concurrent deliveries of the same message store it once (the loser's transaction retries
   * and finds it). Events of one call belong to one learner.
   */
  async storeOnce(
    userId: string,
    events: readonly LearnerEvent[],
    storedAt: Date,
  ): Promise<{ stored: string[]; duplicates: string[] }> {
    if (events.length === 0) return { stored: [], duplicates: [] };
    if (events.some((e) => e.user_id !== userId))
      throw new Error('storeOnce takes the events of one learner');
    const collection = this.events(userId);
    return this.firestore.runTransaction(async (tx) => {
      const refs = events.map((e) => collection.doc(e.id));
      const snaps = await tx.getAll(...refs);
      countReads(snaps.length);
      const stored: string[] = [];
      const duplicates: string[] = [];
      snaps.forEach((snap, i) => {
        const event = events[i] as LearnerEvent;
        if (snap.exists || stored.includes(event.id)) {
          duplicates.push(event.id);
          return;
        }
        const doc: LearnerEventDoc = { ...event, stored_at: storedAt.toISOString() };
        tx.create(snap.ref, doc);
        countWrites();
        stored.push(event.id);
      });
      return { stored, duplicates };
    });
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
