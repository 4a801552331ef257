import type { Auth } from 'firebase-admin/auth';

export interface Contact {
  email: string | null;
  name: string | null;
}

/** Who a user is, for mail and the review queue: read from Firebase Auth, never stored twice. */
export class UserDirectory {
  constructor(private readonly auth: Auth) {}

  /** A user's contact; nobody (null fields) when the account is gone. */
  async contact(uid: string): Promise<Contact> {
    try {
      const user = await this.auth.getUser(uid);
      return { email: user.email ?? null, name: user.displayName ?? null };
    } catch {
      return { email: null, name: null };
    }
  }

  /** Several users in one lookup; unknown ones are absent from the map. */
  async contacts(uids: readonly string[]): Promise<Map<string, Contact>> {
    if (uids.length === 0) return new Map();
    const found = await this.auth.getUsers(uids.map((uid) => ({ uid })));
    return new Map(
      found.users.map((u) => [u.uid, { email: u.email ?? null, name: u.displayName ?? null }]),
    );
  }
}
