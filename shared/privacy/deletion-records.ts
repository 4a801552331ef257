import {
  FieldPath,
  Timestamp,
  type DocumentReference,
  type Firestore,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { PrivacyCollections, type DeletionDoc, type DeletionStep } from './model';

/** `accountDeletions/{pseudonym}`: the record that drives an erasure, step by step. */
export class DeletionRecords {
  constructor(private readonly firestore: Firestore) {}

  private deletionRef(pseudonym: string): DocumentReference {
    return this.firestore.collection(PrivacyCollections.deletions).doc(pseudonym);
  }

  async deletion(pseudonym: string): Promise<DeletionDoc | undefined> {
    countReads();
    return (await this.deletionRef(pseudonym).get()).data() as DeletionDoc | undefined;
  }

  /** Creates the record, or counts one more run of an unfinished one; returns it as it is now. */
  async beginRun(
    pseudonym: string,
    requestedBy: DeletionDoc['requested_by'],
  ): Promise<DeletionDoc> {
    return this.firestore.runTransaction(async (tx) => {
      countReads();
      const ref = this.deletionRef(pseudonym);
      const current = (await tx.get(ref)).data() as DeletionDoc | undefined;
      if (current?.state === 'completed') return current;
      const now = Timestamp.now();
      const next: DeletionDoc = current
        ? { ...current, runs: current.runs + 1, updated_at: now }
        : {
            pseudonym,
            state: 'in_progress',
            requested_by: requestedBy,
            requested_at: now,
            steps: {},
            runs: 1,
            completed_at: null,
            updated_at: now,
          };
      countWrites();
      tx.set(ref, next);
      return next;
    });
  }

  async stepDone(pseudonym: string, step: DeletionStep, count: number): Promise<void> {
    countWrites();
    const now = Timestamp.now();
    await this.deletionRef(pseudonym).update(
      new FieldPath('steps', step),
      { done_at: now, count },
      'updated_at',
      now,
    );
  }

  async complete(pseudonym: string): Promise<DeletionDoc> {
    const now = Timestamp.now();
    countWrites();
    await this.deletionRef(pseudonym).update({
      state: 'completed',
      completed_at: now,
      updated_at: now,
    });
    return (await this.deletion(pseudonym)) as DeletionDoc;
  }
}
