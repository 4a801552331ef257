import {
  DashboardQuerySchema,
  DashboardSchema,
  LearningAnalyticsSchema,
} from '../shared/analytics/schemas';
import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import { checkVersionHeader, StatementQuerySchema } from '../shared/xapi/query';
import { StatementsResponseSchema } from '../shared/xapi/schemas';
import { STATEMENTS_PATH } from '../shared/xapi/statement-query';
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
  route({
    method: 'GET',
    path: STATEMENTS_PATH,
    tags,
    auth: 'admin',
    summary:
      'Learner events as xAPI 1.0.3 statements (an LRS statement query: since, until, agent, limit, ascending; `more` pages; or one statement by statementId or voidedStatementId)',
    query: StatementQuerySchema,
    response: StatementsResponseSchema,
    handler: async ({ req, caller, query, ctx }) => {
      checkVersionHeader(req.headers['x-experience-api-version']);
      const result = await s.analytics.statements.statements(caller, {}, query, ctx);
      return new HttpReply(200, result, { 'X-Experience-API-Version': '1.0.3' });
    },
  }),
];

export const analyticsApi: FunctionFactory = (s) =>
  httpFunction('analyticsApi', analyticsRoutes(s), s.edge);
