import { PageQuerySchema } from '../shared/http/pagination';
import { route, type AnyRoute } from '../shared/http/route';
import { EventListSchema, PreferencesPatchSchema, ProfileSchema } from '../shared/learner/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['learner model (seed 003)'];

/** Seed 003's learner model: the caller's own event stream and profile. */
export const learnerRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'GET',
    path: '/api/v1/users/me/events',
    tags,
    auth: 'learner',
    summary: 'The caller’s learner events, oldest first (paged)',
    query: PageQuerySchema,
    response: EventListSchema,
    handler: ({ caller, query, ctx }) => s.learner.stream.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/profile',
    tags,
    auth: 'learner',
    summary: 'Skill levels (with confidence, evidence and explanation), gaps and preferences',
    response: ProfileSchema,
    handler: ({ caller, ctx }) => s.learner.profile.get(caller, {}, {}, ctx),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/users/me/profile',
    tags,
    auth: 'learner',
    summary: 'Change preferences: weekly study hours and time zone',
    body: PreferencesPatchSchema,
    response: ProfileSchema,
    handler: ({ caller, body, ctx }) => s.learner.profile.updatePreferences(caller, {}, body, ctx),
  }),
];

export const learnerApi: FunctionFactory = (s) =>
  httpFunction('learnerApi', learnerRoutes(s), s.edge);
