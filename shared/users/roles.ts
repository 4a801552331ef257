import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { z } from 'zod';
import { RoleSchema, type Role } from '../auth';
import { notFound } from '../errors';
import { log, LogEvent } from '../log';

export const SetUserRoleSchema = z
  .strictObject({
    uid: z.string().min(1).max(128).optional(),
    email: z.email().optional(),
    role: RoleSchema,
  })
  .refine((v) => (v.uid === undefined) !== (v.email === undefined), {
    message: 'Give exactly one of uid or email',
    path: ['uid'],
  });

export const SetUserRoleResultSchema = z.object({
  uid: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  previous_role: RoleSchema,
});

/**
 * Sets the `role` custom claim (read from ID tokens on every request) and mirrors it to
 * `users/{uid}` so queries and the console can see roles. Other claims are kept.
 */
export async function setUserRole(
  auth: Auth,
  firestore: Firestore,
  target: { uid?: string; email?: string },
  role: Role,
  changedBy: string,
): Promise<z.input<typeof SetUserRoleResultSchema>> {
  let user;
  try {
    user = target.uid
      ? await auth.getUser(target.uid)
      : await auth.getUserByEmail(target.email ?? '');
  } catch (error) {
    if ((error as { code?: string }).code === 'auth/user-not-found') throw notFound('User');
    throw error;
  }
  const claims = user.customClaims ?? {};
  const previous = RoleSchema.safeParse(claims.role);
  await auth.setCustomUserClaims(user.uid, { ...claims, role });
  await firestore
    .collection('users')
    .doc(user.uid)
    .set(
      {
        email: user.email ?? null,
        display_name: user.displayName ?? null,
        role,
        role_updated_at: Timestamp.now(),
        role_updated_by: changedBy,
      },
      { merge: true },
    );
  log.info(LogEvent.roleChanged, 'User role changed', {
    uid: user.uid,
    role,
    previous_role: previous.success ? previous.data : 'learner',
    changed_by: changedBy,
  });
  return {
    uid: user.uid,
    email: user.email ?? null,
    role,
    previous_role: previous.success ? previous.data : 'learner',
  };
}
