import { z } from 'zod';
import { PageQuerySchema } from '../shared/http/pagination';
import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import {
  AssessmentListSchema,
  AssessmentParams,
  AssessmentViewSchema,
  AttemptBodySchema,
  AttemptParams,
  AttemptViewSchema,
  CreateAssessmentSchema,
  SkillBreakdownSchema,
  UpdateAssessmentSchema,
} from '../shared/learner/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['assessments (seed 003)'];

/** Seed 003's diagnostic assessments: authoring, server-scored attempts, skill breakdowns. */
export const assessmentRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'GET',
    path: '/api/v1/assessments',
    tags,
    auth: 'learner',
    summary: 'Active assessments, in id order (paged); no answer keys',
    query: PageQuerySchema,
    response: AssessmentListSchema,
    handler: ({ caller, query, ctx }) => s.learner.diagnostics.list(caller, {}, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/assessments',
    tags,
    auth: 'instructor',
    summary: 'Write an assessment: questions tagged with skills and a difficulty, with the key',
    status: 201,
    body: CreateAssessmentSchema,
    response: AssessmentViewSchema,
    handler: async ({ caller, body, ctx }) =>
      new HttpReply(201, await s.learner.diagnostics.create(caller, {}, body, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/assessments/{assessment_id}',
    tags,
    auth: 'learner',
    summary: 'One assessment; only its author and admins see the key',
    params: AssessmentParams,
    response: AssessmentViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.diagnostics.get(caller, params, {}, ctx),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/assessments/{assessment_id}',
    tags,
    auth: 'instructor',
    summary: 'Change an assessment (its author or an admin)',
    params: AssessmentParams,
    body: UpdateAssessmentSchema,
    response: AssessmentViewSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.learner.diagnostics.update(caller, params, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/assessments/{assessment_id}',
    tags,
    auth: 'instructor',
    summary: 'Archive an assessment: no new attempts; attempts and levels keep it',
    params: AssessmentParams,
    response: AssessmentViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.diagnostics.archive(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/assessments/{assessment_id}/attempts',
    tags,
    auth: 'learner',
    summary: 'Answer the assessment: scored by the server, with the per-skill breakdown',
    status: 201,
    params: AssessmentParams,
    body: AttemptBodySchema,
    response: AttemptViewSchema,
    handler: async ({ caller, params, body, ctx }) =>
      new HttpReply(201, await s.learner.diagnostics.attempt(caller, params, body, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/assessments/{assessment_id}/attempts/{attempt_id}',
    tags,
    auth: 'learner',
    summary: 'One of the caller’s attempts',
    params: AttemptParams,
    response: AttemptViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.diagnostics.getAttempt(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/assessments/{assessment_id}/attempts/{attempt_id}/skill-breakdown',
    tags,
    auth: 'learner',
    summary: 'Seed 003’s get_skill_breakdown: skill-by-skill performance in one attempt',
    params: AttemptParams,
    response: z.object({ attempt_id: z.string(), skill_breakdown: z.array(SkillBreakdownSchema) }),
    handler: async ({ caller, params, ctx }) => {
      const attempt = await s.learner.diagnostics.getAttempt(caller, params, {}, ctx);
      return { attempt_id: attempt.attempt_id, skill_breakdown: attempt.skill_breakdown };
    },
  }),
];

export const assessmentsApi: FunctionFactory = (s) =>
  httpFunction('assessmentsApi', assessmentRoutes(s), s.edge);
