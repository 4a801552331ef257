import {
  DashboardQuerySchema,
  DashboardSchema,
  LearningAnalyticsSchema,
} from '../shared/analytics/schemas';
import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import { PageQuerySchema } from '../shared/http/pagination';
import {
  InsightPathwaysSchema,
  InsightsQuerySchema,
  PathwayInsightsSchema,
  ReviewInsightsSchema,
  UploadInsightsSchema,
} from '../shared/insights/schemas';
import { PathwayParams } from '../shared/schemas/params';
import { checkVersionHeader, STATEMENTS_PATH, StatementQuerySchema } from '../shared/xapi/query';
import { StatementsResponseSchema } from '../shared/xapi/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['analytics (seeds 003, 000)'];
const insightTags = ['instructor insights (seed 000 metrics, issue 15)'];
const INSIGHTS = '/api/v1/instructor/pathways/{pathway_id}/insights';

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
  route({
    method: 'GET',
    path: '/api/v1/instructor/pathways',
    tags: insightTags,
    auth: 'instructor',
    summary:
      'The pathways whose insights the caller reads: their own and co-taught ones (admins: all), in id order',
    query: PageQuerySchema,
    response: InsightPathwaysSchema,
    handler: ({ caller, query, ctx }) => s.analytics.insightPathways.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: INSIGHTS,
    tags: insightTags,
    auth: 'instructor',
    summary:
      'A pathway’s insights: enrolments, completion funnel by module, completion by resource type, median time per resource, at-risk learners with reasons, quiz item difficulty, review and upload metrics (owner, co-instructors, admins)',
    params: PathwayParams,
    query: InsightsQuerySchema,
    response: PathwayInsightsSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.analytics.insights.insights(caller, params, query, ctx),
  }),
  route({
    method: 'GET',
    path: `${INSIGHTS}/reviews`,
    tags: insightTags,
    auth: 'instructor',
    summary:
      'A pathway’s review metrics: pending queue, oldest waiting, approval rate and time to review p50/p90 over the window',
    params: PathwayParams,
    query: InsightsQuerySchema,
    response: ReviewInsightsSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.analytics.insights.reviews(caller, params, query, ctx),
  }),
  route({
    method: 'GET',
    path: `${INSIGHTS}/uploads`,
    tags: insightTags,
    auth: 'instructor',
    summary:
      'A pathway’s upload metrics over the window: files per day, bytes, success rate of the uploads opened',
    params: PathwayParams,
    query: InsightsQuerySchema,
    response: UploadInsightsSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.analytics.insights.uploads(caller, params, query, ctx),
  }),
];

export const analyticsApi: FunctionFactory = (s) =>
  httpFunction('analyticsApi', analyticsRoutes(s), s.edge);
