import type { Firestore } from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import {
  LearnerCollections,
  type GoalDoc,
  type LearningPathDoc,
  type PathVersionDoc,
} from './model';

/** The only code that touches `goals/{id}` and `learningPaths/{uid}_{goal}/versions/{n}`. */
export class PlanningRepository {
  constructor(
    private readonly firestore: Firestore,
    private readonly outbox: Outbox,
  ) {}

  private goals() {
    return this.firestore.collection(LearnerCollections.goals);
  }

  private path(userId: string, goalId: string) {
    return this.firestore.collection(LearnerCollections.learningPaths).doc(`${userId}_${goalId}`);
  }

  newGoalId(): string {
    return this.goals().doc().id;
  }

  async goal(id: string): Promise<GoalDoc | undefined> {
    countReads();
    return (await this.goals().doc(id).get()).data() as GoalDoc | undefined;
  }

  /** A learner's goals, newest first (a learner keeps tens, not thousands). */
  async goalsOf(userId: string, limit: number): Promise<GoalDoc[]> {
    const snap = await this.goals()
      .where('user_id', '==', userId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as GoalDoc);
  }

  /**
   * Writes a goal with its `goal_set` event in one transaction. `change` sees the stored goal
   * (undefined for a new one) and returns the next, or throws; undefined leaves it absent.
   */
  saveGoal(
    id: string,
    change: (current: GoalDoc | undefined) => { doc: GoalDoc; event: OutboxEvent } | undefined,
  ): Promise<GoalDoc | undefined> {
    const ref = this.goals().doc(id);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      countReads();
      const next = change(snap.data() as GoalDoc | undefined);
      if (!next) return undefined;
      tx.set(ref, next.doc);
      this.outbox.stage(tx, [next.event]);
      countWrites();
      return next.doc;
    });
  }

  async latestPath(
    userId: string,
    goalId: string,
  ): Promise<{ head: LearningPathDoc; version: PathVersionDoc } | undefined> {
    const head = (await this.path(userId, goalId).get()).data() as LearningPathDoc | undefined;
    countReads();
    if (!head) return undefined;
    const version = await this.pathVersion(userId, goalId, head.latest_version);
    return version ? { head, version } : undefined;
  }

  async pathVersion(
    userId: string,
    goalId: string,
    n: number,
  ): Promise<PathVersionDoc | undefined> {
    countReads();
    const snap = await this.path(userId, goalId)
      .collection(LearnerCollections.versions)
      .doc(String(n))
      .get();
    return snap.data() as PathVersionDoc | undefined;
  }

  /** Every version of a goal's path, oldest first (one per change of the path). */
  async pathVersions(userId: string, goalId: string): Promise<PathVersionDoc[]> {
    const snap = await this.path(userId, goalId)
      .collection(LearnerCollections.versions)
      .orderBy('version')
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as PathVersionDoc);
  }

  /**
   * Stores the next version unless another was stored meanwhile: `make` sees the latest version
   * inside the transaction and returns the new one, or null to keep the latest.
   */
  savePathVersion(
    userId: string,
    goalId: string,
    make: (latest: PathVersionDoc | undefined) => PathVersionDoc | null,
  ): Promise<PathVersionDoc | undefined> {
    const headRef = this.path(userId, goalId);
    const versions = headRef.collection(LearnerCollections.versions);
    return this.firestore.runTransaction(async (tx) => {
      const head = (await tx.get(headRef)).data() as LearningPathDoc | undefined;
      const latest = head
        ? ((await tx.get(versions.doc(String(head.latest_version)))).data() as PathVersionDoc)
        : undefined;
      countReads(head ? 2 : 1);
      const next = make(latest);
      if (!next) return latest;
      tx.create(versions.doc(String(next.version)), next);
      const doc: LearningPathDoc = {
        user_id: userId,
        goal_id: goalId,
        latest_version: next.version,
        updated_at: next.created_at,
      };
      tx.set(headRef, doc);
      countWrites(2);
      return next;
    });
  }
}
