import type { Auth, UserRecord } from 'firebase-admin/auth';
import { RoleSchema, type Role } from '../auth';

export interface Contact {
  email: string | null;
  name: string | null;
  /** The role the user's next token will carry. */
  role: Role;
}

function contactOf(user: UserRecord): Contact {
  const role = RoleSchema.safeParse(user.customClaims?.role);
  return {
    email: user.email ?? null,
    name: user.displayName ?? null,
    role: role.success ? role.data : 'learner',
  };
}

/** Who a user is, for mail and the review queue: read from Firebase Auth, never stored twice. */
export class UserDirectory {
  constructor(private readonly auth: Auth) {}

  /**
   * A user's contact; nobody (null fields) when the account is gone. Any other failure (Auth
   * unreachable, a timeout) is thrown, never read as "no address": a mail skipped for it is lost.
   */
  async contact(uid: string): Promise<Contact> {
    try {
      return contactOf(await this.auth.getUser(uid));
    } catch (error) {
      if ((error as { code?: string }).code !== 'auth/user-not-found') throw error;
      return { email: null, name: null, role: 'learner' };
    }
  }

  /** Whether an account exists. */
  async exists(uid: string): Promise<boolean> {
    return (await this.contacts([uid])).has(uid);
  }

  /** Several users in one lookup; unknown ones are absent from the map. */
  async contacts(uids: readonly string[]): Promise<Map<string, Contact>> {
    if (uids.length === 0) return new Map();
    const found = await this.auth.getUsers(uids.map((uid) => ({ uid })));
    return new Map(found.users.map((u) => [u.uid, contactOf(u)]));
  }
}
