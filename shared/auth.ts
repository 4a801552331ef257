import type { Auth } from 'firebase-admin/auth';
import { z } from 'zod';
import { permissionDenied, unauthenticated } from './errors';

export const RoleSchema = z.enum(['learner', 'instructor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export interface Caller {
  uid: string;
  role: Role;
  email: string | undefined;
  name: string | undefined;
}

const roleRank: Record<Role, number> = { learner: 0, instructor: 1, admin: 2 };

export function hasRole(caller: Caller, minimum: Role): boolean {
  return roleRank[caller.role] >= roleRank[minimum];
}

export function requireRole(caller: Caller, minimum: Role): void {
  if (!hasRole(caller, minimum)) throw permissionDenied(`This needs the ${minimum} role`);
}

/** Reads `Authorization: Bearer <token>`; a missing or malformed header is unauthenticated. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) throw unauthenticated();
  return match[1];
}

/** Turns an `Authorization` header into the caller it proves, or throws `unauthenticated`. */
export type Authenticate = (authorization: string | undefined) => Promise<Caller>;

/**
 * Verifies Firebase ID tokens; the `role` custom claim decides the role, learner by default.
 * A token that claims more than the learner role is also checked against revocation (one Auth
 * lookup), so a demoted instructor or admin loses the role at once: changing a role revokes the
 * user's tokens. Learner tokens grant nothing a revocation would take away, so they skip it.
 */
export function firebaseAuthenticator(auth: Auth): Authenticate {
  return (authorization) => verifyCaller(auth, authorization);
}

async function verifyCaller(auth: Auth, authorization: string | undefined): Promise<Caller> {
  const token = bearerToken(authorization);
  let decoded;
  try {
    decoded = await auth.verifyIdToken(token);
    if (decoded.role !== undefined && decoded.role !== 'learner') {
      decoded = await auth.verifyIdToken(token, true);
    }
  } catch {
    throw unauthenticated('The ID token is invalid, expired or revoked: sign in again');
  }
  const role = RoleSchema.safeParse(decoded.role);
  return {
    uid: decoded.uid,
    role: role.success ? role.data : 'learner',
    email: typeof decoded.email === 'string' ? decoded.email : undefined,
    name: typeof decoded.name === 'string' ? decoded.name : undefined,
  };
}
