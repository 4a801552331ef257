import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import { countReads } from '../platform/io-stats';
import { PrivacyCollections } from './model';
import { pseudonymOf } from './pseudonym';

/**
 * Whether an account is being or has been erased: its deletion record exists. Consumers ask
 * before they derive anything more about a person, so a message still in flight when the account
 * is deleted does not write their stream or model back. Without the pseudonym key no deletion
 * can have run, and nothing is erased.
 */
export class ErasedAccounts {
  constructor(
    private readonly firestore: Firestore,
    private readonly secret: string | undefined,
  ) {}

  /** The account's deletion record, for a transaction to read; null when none can exist. */
  record(uid: string): DocumentReference | null {
    if (!this.secret) return null;
    return this.firestore
      .collection(PrivacyCollections.deletions)
      .doc(pseudonymOf(this.secret, uid));
  }

  async erased(uid: string): Promise<boolean> {
    const record = this.record(uid);
    if (!record) return false;
    countReads();
    return (await record.get()).exists;
  }
}
