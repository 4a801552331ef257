import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import {
  ActionBodySchema,
  ActionResultSchema,
  GeneratePathSchema,
  PathQuerySchema,
  PathVersionListSchema,
  PathVersionsQuerySchema,
  PathVersionViewSchema,
  RecommendationListSchema,
  RecommendationParams,
  RecommendationQuerySchema,
} from '../shared/learner/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['learning paths and recommendations (seed 003)'];

/** Seed 003's `/api/v1/ai/*`: learning paths and recommendations, each step with its reason. */
export const aiRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'POST',
    path: '/api/v1/ai/generate-learning-path',
    tags,
    auth: 'learner',
    summary: 'Plan the path to a goal from current levels; stored as a new version if it changed',
    body: GeneratePathSchema,
    response: PathVersionViewSchema,
    handler: ({ caller, body, ctx }) => s.learner.paths.generate(caller, {}, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/ai/learning-path',
    tags,
    auth: 'learner',
    summary: 'The latest path of a goal (the newest active goal when none is named)',
    query: PathQuerySchema,
    response: PathVersionViewSchema,
    handler: ({ caller, query, ctx }) => s.learner.paths.get(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/ai/learning-path/versions',
    tags,
    auth: 'learner',
    summary: 'Every version of a goal’s path, each with how and why it changed',
    query: PathVersionsQuerySchema,
    response: PathVersionListSchema,
    handler: ({ caller, query, ctx }) => s.learner.paths.versions(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/ai/recommendations',
    tags,
    auth: 'learner',
    summary: 'The caller’s recommendations, most urgent first, each with reason and evidence',
    query: RecommendationQuerySchema,
    response: RecommendationListSchema,
    handler: ({ caller, query, ctx }) => s.learner.recommendations.list(caller, {}, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/ai/recommendations/{recommendation_id}/action',
    tags,
    auth: 'learner',
    summary: 'Record accepted, skipped or ignored (applied when the event is folded)',
    status: 202,
    params: RecommendationParams,
    body: ActionBodySchema,
    response: ActionResultSchema,
    handler: async ({ caller, params, body, ctx }) =>
      new HttpReply(202, await s.learner.recommendations.act(caller, params, body, ctx)),
  }),
];

export const aiApi: FunctionFactory = (s) => httpFunction('aiApi', aiRoutes(s), s.edge);
