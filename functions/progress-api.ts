import { PageQuerySchema } from '../shared/http/pagination';
import { HttpReply, route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { ModuleInPathwayParams, PathwayParams, ResourceParams } from '../shared/schemas/params';
import { lessonRoutes } from './lesson-routes';
import type { FunctionFactory, Services } from './services';
import {
  CompleteResponseSchema,
  EnrollmentListSchema,
  EnrollmentSummarySchema,
  EnrollResponseSchema,
  ModuleProgressResponseSchema,
  PathwayProgressSchema,
  ProgressBodySchema,
  ProgressResponseSchema,
  QuizAttemptBodySchema,
  QuizAttemptResponseSchema,
  ResetResponseSchema,
  ResourceProgressSchema,
  StartBodySchema,
  StartResponseSchema,
} from '../shared/progress/schemas';

const tags = ['progress'];

/** A learner's own progress: seed 000's endpoints, seed 004's views, enrolment and quizzes. */
export const progressRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/pathways/{pathway_id}/enroll',
    tags,
    auth: 'learner',
    summary: 'Enrol in a pathway (201 when new, 200 when already enrolled)',
    status: 201,
    alsoAnswers: [200],
    params: PathwayParams,
    response: EnrollResponseSchema,
    handler: async ({ caller, params, ctx }) => {
      const result = await s.progress.activity.enroll(caller, params, {}, ctx);
      return new HttpReply(result.created ? 201 : 200, result);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/progress/{pathway_id}',
    tags,
    auth: 'learner',
    summary: 'Progress through a whole pathway, by module and resource (seed 000)',
    params: PathwayParams,
    response: PathwayProgressSchema,
    handler: ({ caller, params, ctx }) =>
      s.progress.reads.getPathwayProgress(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/resources/{resource_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Progress on one resource (seed 000)',
    params: ResourceParams,
    response: ResourceProgressSchema,
    handler: ({ caller, params, ctx }) =>
      s.progress.reads.resourceProgress(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/start',
    tags,
    auth: 'learner',
    summary: 'Start a resource (seed 000); enrols on first use',
    params: ResourceParams,
    body: StartBodySchema,
    bodyOptional: true,
    response: StartResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.progress.activity.start(caller, params, body, ctx),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/users/me/resources/{resource_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Record progress: percentage, time, status, playback position (seed 000)',
    params: ResourceParams,
    body: ProgressBodySchema,
    response: ProgressResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.progress.activity.updateProgress(caller, params, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/complete',
    tags,
    auth: 'learner',
    summary: 'Mark a resource completed (seed 000)',
    params: ResourceParams,
    response: CompleteResponseSchema,
    handler: ({ caller, params, ctx }) => s.progress.activity.complete(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/view',
    tags,
    auth: 'learner',
    summary: 'Record that the learner opened a resource (seed 004)',
    params: ResourceParams,
    response: ResourceProgressSchema,
    handler: ({ caller, params, ctx }) => s.progress.activity.view(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/quiz-attempts',
    tags,
    auth: 'learner',
    status: 201,
    summary: 'Submit a quiz attempt; the server scores it against the answer key',
    params: ResourceParams,
    body: QuizAttemptBodySchema,
    response: QuizAttemptResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.progress.quizzes.submit(caller, params, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments',
    tags,
    auth: 'learner',
    summary: 'All of the caller’s enrollments',
    query: PageQuerySchema,
    response: EnrollmentListSchema,
    handler: ({ caller, query, ctx }) => s.progress.reads.listEnrollments(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments/{pathway_id}/summary',
    tags,
    auth: 'learner',
    summary: 'Course summary: counts, completion, where to resume (seed 004)',
    params: PathwayParams,
    response: EnrollmentSummarySchema,
    handler: ({ caller, params, ctx }) => s.progress.reads.summary(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments/{pathway_id}/modules/{module_id}',
    tags,
    auth: 'learner',
    summary: 'Progress through one module (seed 004)',
    params: ModuleInPathwayParams,
    response: ModuleProgressResponseSchema,
    handler: ({ caller, params, ctx }) => s.progress.reads.moduleProgress(caller, params, {}, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/me/enrollments/{pathway_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Reset the caller’s progress in a pathway and say what was cleared',
    params: PathwayParams,
    response: ResetResponseSchema,
    handler: ({ caller, params, ctx }) => s.progress.reset.reset(caller, params, {}, ctx),
  }),
];

export const progressApi: FunctionFactory = (s) =>
  httpFunction('progressApi', [...progressRoutes(s), ...lessonRoutes(s)], s.edge);
