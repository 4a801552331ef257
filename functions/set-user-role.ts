import { callableFunction } from '../shared/platform/functions';
import { SetUserRoleResultSchema, SetUserRoleSchema } from '../shared/users/roles';
import type { FunctionFactory } from './services';

/** Admin-only callable: makes a user a learner, instructor or admin. */
export const setUserRole: FunctionFactory = (s) =>
  callableFunction(
    'setUserRole',
    {
      summary: 'Set a user’s role (admin only)',
      role: 'admin',
      data: SetUserRoleSchema,
      result: SetUserRoleResultSchema,
      handler: ({ caller, data, ctx }) => s.users.roles.set(caller, {}, data, ctx),
    },
    s.edge,
  );
