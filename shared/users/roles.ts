import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { z } from 'zod';
import { RoleSchema, type Caller, type Role } from '../auth';
import { notFound } from '../errors';
import { log, LogEvent } from '../log';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';

/** `users/{uid}`: what Pathwise keeps about an account besides Firebase Auth. */
export const USERS_COLLECTION = 'users';

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
 * Sets the `role` custom claim (read from ID tokens on every request), revokes the user's
 * existing tokens so the old role stops at once, and mirrors the role to `users/{uid}` so
 * queries and the console can see it. Other claims are kept.
 */
export class UserRoles {
  constructor(
    private readonly auth: Auth,
    private readonly firestore: Firestore,
  ) {}

  /** The admin-only callable. */
  set(
    caller: Caller,
    _params: NoInput,
    data: z.output<typeof SetUserRoleSchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof SetUserRoleResultSchema>> {
    return this.assign({ uid: data.uid, email: data.email }, data.role, caller.uid);
  }

  async assign(
    target: { uid?: string; email?: string },
    role: Role,
    changedBy: string,
  ): Promise<ResponseOf<typeof SetUserRoleResultSchema>> {
    let user;
    try {
      user = target.uid
        ? await this.auth.getUser(target.uid)
        : await this.auth.getUserByEmail(target.email ?? '');
    } catch (error) {
      if ((error as { code?: string }).code === 'auth/user-not-found') throw notFound('User');
      throw error;
    }
    const claims = user.customClaims ?? {};
    const previous = RoleSchema.safeParse(claims.role);
    await this.auth.setCustomUserClaims(user.uid, { ...claims, role });
    // Tokens issued before the change still carry the old role: they stop working now.
    await this.auth.revokeRefreshTokens(user.uid);
    await this.firestore
      .collection(USERS_COLLECTION)
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
}
