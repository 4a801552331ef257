import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import { CreateGoalSchema, UpdateGoalSchema } from '../shared/learner/goals';
import {
  GoalListQuerySchema,
  GoalListSchema,
  GoalParams,
  GoalViewSchema,
} from '../shared/learner/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['learning goals (seed 003)'];

/** Seed 003's `/api/v1/learning/goals`: the caller's own goals. */
export const learningRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'POST',
    path: '/api/v1/learning/goals',
    tags,
    auth: 'learner',
    summary: 'Set a goal: target skills and levels, optional deadline',
    status: 201,
    body: CreateGoalSchema,
    response: GoalViewSchema,
    handler: async ({ caller, body, ctx }) =>
      new HttpReply(201, await s.learner.goals.create(caller, {}, body, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/learning/goals',
    tags,
    auth: 'learner',
    summary: 'The caller’s goals, newest first',
    query: GoalListQuerySchema,
    response: GoalListSchema,
    handler: ({ caller, query, ctx }) => s.learner.goals.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/learning/goals/{goal_id}',
    tags,
    auth: 'learner',
    summary: 'One of the caller’s goals',
    params: GoalParams,
    response: GoalViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.goals.get(caller, params, {}, ctx),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/learning/goals/{goal_id}',
    tags,
    auth: 'learner',
    summary: 'Change a goal’s title, targets, deadline or status',
    params: GoalParams,
    body: UpdateGoalSchema,
    response: GoalViewSchema,
    handler: ({ caller, params, body, ctx }) => s.learner.goals.update(caller, params, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/learning/goals/{goal_id}/archive',
    tags,
    auth: 'learner',
    summary: 'Archive a goal (final): it no longer sets targets',
    params: GoalParams,
    response: GoalViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.goals.archive(caller, params, {}, ctx),
  }),
];

export const learningApi: FunctionFactory = (s) =>
  httpFunction('learningApi', learningRoutes(s), s.edge);
