import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { AccountDeletedSchema, DataExportSchema, UserIdParams } from '../shared/privacy/schemas';
import type { FunctionFactory, Services } from './services';

const tags = ['privacy'];

/** Seed 000's data privacy: account deletion with anonymisation, and the learner's own export. */
export const privacyRoutes = (s: Services) => [
  route({
    method: 'DELETE',
    path: '/api/v1/users/me',
    tags,
    auth: 'learner',
    summary:
      'Delete your account: your profile and progress go (progress stays only as anonymous counts), your submissions and audit entries keep a pseudonymous id',
    response: AccountDeletedSchema,
    handler: ({ caller, ctx }) => s.privacy.deletion.deleteSelf(caller, {}, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/export',
    tags,
    auth: 'learner',
    summary:
      'Your data (profile, progress, quiz attempts, submissions, certificates, events, mail preferences) as a JSON archive behind a short-lived signed URL',
    response: DataExportSchema,
    handler: ({ caller, ctx }) => s.privacy.export.export(caller, {}, {}, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/admin/users/{uid}',
    tags,
    auth: 'admin',
    summary:
      "Delete a user's account as `DELETE /api/v1/users/me` does; also finishes a deletion that stopped half-way",
    params: UserIdParams,
    response: AccountDeletedSchema,
    handler: ({ caller, params, ctx }) => s.privacy.deletion.deleteUser(caller, params, {}, ctx),
  }),
];

export const privacyApi: FunctionFactory = (s) =>
  httpFunction('privacyApi', privacyRoutes(s), s.edge);
