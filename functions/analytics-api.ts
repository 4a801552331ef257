import {
  DashboardQuerySchema,
  DashboardSchema,
  LearningAnalyticsSchema,
} from '../shared/analytics/schemas';
import { route, type AnyRoute } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['analytics (seeds 003, 000)'];

/** Learning analytics: the learner's AI dashboard and analytics. */
export const analyticsRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'GET',
    path: '/api/v1/ai/dashboard',
    tags,
    auth: 'learner',
    summary:
      'The caller’s dashboard (seed 003): performance, goals, next lessons, revision, struggling topics, insights',
    query: DashboardQuerySchema,
    response: DashboardSchema,
    handler: ({ caller, query, ctx }) => s.analytics.dashboard.dashboard(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/ai/analytics',
    tags,
    auth: 'learner',
    summary:
      'The caller’s learning analytics (seed 003): performance, engagement patterns, struggling topics, pace, weekly adjustment',
    query: DashboardQuerySchema,
    response: LearningAnalyticsSchema,
    handler: ({ caller, query, ctx }) => s.analytics.dashboard.analytics(caller, {}, query, ctx),
  }),
];

export const analyticsApi: FunctionFactory = (s) =>
  httpFunction('analyticsApi', analyticsRoutes(s), s.edge);
