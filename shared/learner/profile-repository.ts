import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { FieldPath } from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { withKeyLock } from '../platform/key-lock';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import { parseLearnerEvent, type LearnerEvent } from './events';
import type { KnowledgeGap, SkillLevel } from './estimator';
import {
  LearnerCollections,
  type Preferences,
  type ProfileDoc,
  type RecommendationDoc,
} from './model';
import type { ModelState, StoredRecommendation } from './model-state';

/** What the consumer writes when it refolds a learner's model. */
export interface ModelWrite {
  model: ModelState;
  skill_levels: Record<string, SkillLevel>;
  knowledge_gaps: KnowledgeGap[];
  recommendations: readonly StoredRecommendation[];
  /** A replay's leftovers: documents an out-of-order fold wrote that the replay does not produce. */
  deleted_recommendations: readonly string[];
  updated_at: string;
  /** The newest folded event ids, ascending (`folded-ids.ts`). */
  folded_ids: string[];
}

/** A refold's transaction: the stored model, the stream after a point, and the write. */
export interface ModelTransaction {
  profile(): Promise<ProfileDoc | undefined>;
  eventsAfter(afterId: string | null): Promise<LearnerEvent[]>;
  /** The ids of every recommendation document of the learner. */
  recommendationIds(): Promise<string[]>;
  /** Whether the account is being erased: then nothing more is derived about it. */
  erased(): Promise<boolean>;
  save(write: ModelWrite): void;
  /** Stages events through the outbox in the refold's commit. */
  stage(events: readonly OutboxEvent[]): void;
}

/** The erasure record of an account, read in the refold's transaction (privacy feature). */
export type ErasureRecord = (uid: string) => DocumentReference | null;

/**
 * The only code that touches `learnerProfiles/{uid}` and `recommendations/{id}`. Preferences and
 * the folded model are separate fields of the profile, each written whole (`mergeFields`), so
 * the learner's PATCH and the consumer's refold never overwrite each other's part.
 */
export class ProfileRepository {
  constructor(
    private readonly firestore: Firestore,
    private readonly outbox: Outbox,
    private readonly erasureRecord: ErasureRecord = () => null,
  ) {}

  private profileRef(userId: string) {
    return this.firestore.collection(LearnerCollections.profiles).doc(userId);
  }

  private recommendations() {
    return this.firestore.collection(LearnerCollections.recommendations);
  }

  async profile(userId: string): Promise<ProfileDoc | undefined> {
    countReads();
    return (await this.profileRef(userId).get()).data() as ProfileDoc | undefined;
  }

  async setPreferences(userId: string, preferences: Preferences): Promise<void> {
    countWrites();
    await this.profileRef(userId).set(
      { user_id: userId, preferences },
      { mergeFields: ['user_id', 'preferences'] },
    );
  }

  /**
   * Runs a refold of one learner's model in one transaction on the profile (retried on
   * contention). The stream and the recommendation ids are read outside it: events are
   * immutable and every delivery refolds after storing its own, so an event the plain read
   * misses is folded by its own delivery; and a query inside a transaction would lock the whole
   * stream against the consumers storing new events (the emulator then times out on the lock).
   * One learner's refolds also queue within an instance, so one that is not coalesced by the use
   * case (a replay) never races another into contention on the profile.
   */
  refold<T>(userId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T> {
    return withKeyLock(`learner-model/${userId}`, () => this.refoldNow(userId, work));
  }

  private refoldNow<T>(userId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T> {
    const profileRef = this.profileRef(userId);
    const events = this.firestore
      .collection(LearnerCollections.users)
      .doc(userId)
      .collection(LearnerCollections.events);
    return this.firestore.runTransaction(async (tx: Transaction) =>
      work({
        profile: async () => {
          countReads();
          return (await tx.get(profileRef)).data() as ProfileDoc | undefined;
        },
        eventsAfter: async (afterId) => {
          let q = events.orderBy(FieldPath.documentId());
          if (afterId !== null) q = q.startAfter(afterId);
          const snap = await q.get();
          countReads(Math.max(1, snap.size));
          return snap.docs.map((d) => {
            const { stored_at: _storedAt, ...event } = d.data();
            return parseLearnerEvent(event);
          });
        },
        // Read in the transaction: a deletion that starts meanwhile either waits for this commit
        // (and its erasure step, later, removes what it wrote) or is seen here.
        erased: async () => {
          const record = this.erasureRecord(userId);
          if (!record) return false;
          countReads();
          return (await tx.get(record)).exists;
        },
        recommendationIds: async () => {
          const snap = await this.recommendations().where('user_id', '==', userId).select().get();
          countReads(Math.max(1, snap.size));
          return snap.docs.map((d) => d.id);
        },
        save: (write) => {
          for (const id of write.deleted_recommendations) tx.delete(this.recommendations().doc(id));
          tx.set(
            profileRef,
            {
              user_id: userId,
              model: write.model,
              skill_levels: write.skill_levels,
              knowledge_gaps: write.knowledge_gaps,
              model_updated_at: write.updated_at,
              folded_ids: write.folded_ids,
            },
            {
              mergeFields: [
                'user_id',
                'model',
                'skill_levels',
                'knowledge_gaps',
                'model_updated_at',
                'folded_ids',
              ],
            },
          );
          for (const rec of write.recommendations) {
            const doc: RecommendationDoc = { ...rec, user_id: userId };
            // The folded fields only: `shown_at` belongs to the API (markShown).
            tx.set(this.recommendations().doc(rec.id), doc, { mergeFields: Object.keys(doc) });
          }
          countWrites(1 + write.recommendations.length + write.deleted_recommendations.length);
        },
        stage: (staged) => this.outbox.stage(tx, staged),
      }),
    );
  }

  /** A learner's recommendations, optionally of some statuses only (at most 200, newest first). */
  async recommendationsOf(
    userId: string,
    statuses?: readonly StoredRecommendation['status'][],
  ): Promise<RecommendationDoc[]> {
    let q = this.recommendations().where('user_id', '==', userId);
    if (statuses) q = q.where('status', 'in', [...statuses]);
    const snap = await q.orderBy('updated_at', 'desc').limit(200).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as RecommendationDoc);
  }

  /**
   * Marks recommendations shown, each once: in one transaction, every one of the learner's
   * documents not yet marked gets `shown_at` and its `recommendation_shown` event is staged, so
   * concurrent reads of the list record each recommendation once (the later transaction retries
   * and finds them marked). Returns the ids it marked.
   */
  async markShown(
    userId: string,
    ids: readonly string[],
    at: string,
    event: (id: string) => OutboxEvent,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const refs = ids.map((id) => this.recommendations().doc(id));
    return this.firestore.runTransaction(async (tx) => {
      const snaps = await tx.getAll(...refs);
      countReads(snaps.length);
      const fresh = snaps.filter((snap) => {
        const doc = snap.data() as RecommendationDoc | undefined;
        return doc !== undefined && doc.user_id === userId && doc.shown_at === undefined;
      });
      for (const snap of fresh) tx.update(snap.ref, { shown_at: at });
      this.outbox.stage(
        tx,
        fresh.map((snap) => event(snap.id)),
      );
      countWrites(fresh.length);
      return fresh.map((snap) => snap.id);
    });
  }

  /** Stages a learner event raised by a request (an action on a recommendation). */
  async stage(event: OutboxEvent): Promise<void> {
    const batch = this.firestore.batch();
    this.outbox.stage(batch, [event]);
    await batch.commit();
  }

  async recommendation(id: string): Promise<RecommendationDoc | undefined> {
    countReads();
    return (await this.recommendations().doc(id).get()).data() as RecommendationDoc | undefined;
  }
}
