import { route } from '../shared/http/route';
import {
  NotificationSettingsPatchSchema,
  NotificationSettingsSchema,
  UnsubscribeQuerySchema,
  UnsubscribeResultSchema,
} from '../shared/email/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['email'];

/** Email preferences, and the one-click unsubscribe target of every non-transactional mail. */
export const emailRoutes = (s: Services) => [
  route({
    method: 'GET',
    path: '/api/v1/users/me/notifications',
    tags,
    auth: 'learner',
    summary: 'Your email preferences: each optional category, quiet hours',
    response: NotificationSettingsSchema,
    handler: ({ caller, ctx }) => s.email.settings.get(caller, {}, {}, ctx),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/users/me/notifications',
    tags,
    auth: 'learner',
    summary: 'Switch email categories on or off, or change quiet hours',
    body: NotificationSettingsPatchSchema,
    response: NotificationSettingsSchema,
    handler: ({ caller, body, ctx }) => s.email.settings.patch(caller, {}, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/email/unsubscribe',
    tags,
    auth: 'public',
    summary:
      "What a mail's unsubscribe link switches off (changes nothing; mail scanners open links)",
    query: UnsubscribeQuerySchema,
    response: UnsubscribeResultSchema,
    handler: ({ query, ctx }) => s.email.settings.preview(null, {}, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/email/unsubscribe',
    tags,
    auth: 'public',
    summary:
      'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post): switches the link’s category off',
    query: UnsubscribeQuerySchema,
    response: UnsubscribeResultSchema,
    handler: ({ query, ctx }) => s.email.settings.unsubscribe(null, {}, query, ctx),
  }),
];

export const emailApi: FunctionFactory = (s) => httpFunction('emailApi', emailRoutes(s), s.edge);
