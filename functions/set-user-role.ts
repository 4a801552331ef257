import { adminAuth, db } from '../shared/platform/firebase';
import { callableFunction } from '../shared/platform/functions';
import { SetUserRoleResultSchema, SetUserRoleSchema, setUserRole } from '../shared/users/roles';

/** Admin-only callable: makes a user a learner, instructor or admin. */
export const setUserRoleFunction = callableFunction('setUserRole', {
  summary: 'Set a user’s role (admin only)',
  role: 'admin',
  data: SetUserRoleSchema,
  result: SetUserRoleResultSchema,
  handler: ({ data, caller }) =>
    setUserRole(adminAuth(), db(), { uid: data.uid, email: data.email }, data.role, caller.uid),
});
