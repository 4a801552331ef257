import type { Timestamp } from 'firebase-admin/firestore';
import { type Firestore } from 'firebase-admin/firestore';
import { countWrites } from '../platform/io-stats';
import { USERS_COLLECTION } from '../users/roles';

/** What registration stores about an account besides Firebase Auth (`users/{uid}`). */
export interface ProfileDoc {
  email: string;
  display_name: string;
  role: 'learner';
  timezone: string;
  created_at: Timestamp;
}

/** The accounts feature's writes to profiles. */
export class AccountsRepository {
  constructor(private readonly firestore: Firestore) {}

  /** Merged: a profile field another feature wrote first (preferences) is kept. */
  async createProfile(uid: string, profile: ProfileDoc): Promise<void> {
    countWrites();
    await this.firestore.collection(USERS_COLLECTION).doc(uid).set(profile, { merge: true });
  }
}
