import { PageQuerySchema } from '../shared/http/pagination';
import { HttpReply, route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import {
  CompleteResponseSchema,
  EnrollmentListSchema,
  EnrollmentSummarySchema,
  EnrollResponseSchema,
  ModuleProgressParams,
  ModuleProgressResponseSchema,
  PathwayIdParams,
  PathwayProgressSchema,
  ProgressBodySchema,
  ProgressResponseSchema,
  QuizAttemptBodySchema,
  QuizAttemptResponseSchema,
  ResetResponseSchema,
  ResourceIdParams,
  ResourceProgressSchema,
  StartBodySchema,
  StartResponseSchema,
} from '../shared/progress/schemas';
import { progress } from '../shared/progress/service';

const tags = ['progress'];

/** A learner's own progress: seed 000's endpoints, seed 004's views, enrolment and quizzes. */
export const progressRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/pathways/{pathway_id}/enroll',
    tags,
    auth: 'learner',
    summary: 'Enrol in a pathway (201 when new, 200 when already enrolled)',
    params: PathwayIdParams,
    response: EnrollResponseSchema,
    handler: async ({ caller, params, requestId }) => {
      const result = await progress().enroll(caller, params.pathway_id, requestId);
      return new HttpReply(result.created ? 201 : 200, result);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/progress/{pathway_id}',
    tags,
    auth: 'learner',
    summary: 'Progress through a whole pathway, by module and resource (seed 000)',
    params: PathwayIdParams,
    response: PathwayProgressSchema,
    handler: ({ caller, params }) => progress().getPathwayProgress(caller, params.pathway_id),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/resources/{resource_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Progress on one resource (seed 000)',
    params: ResourceIdParams,
    response: ResourceProgressSchema,
    handler: ({ caller, params }) => progress().resourceProgress(caller, params.resource_id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/start',
    tags,
    auth: 'learner',
    summary: 'Start a resource (seed 000); enrols on first use',
    params: ResourceIdParams,
    body: StartBodySchema,
    bodyOptional: true,
    response: StartResponseSchema,
    handler: ({ caller, params, body, requestId }) =>
      progress().start(caller, params.resource_id, body.notes, requestId),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/users/me/resources/{resource_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Record progress: percentage, time, status, playback position (seed 000)',
    params: ResourceIdParams,
    body: ProgressBodySchema,
    response: ProgressResponseSchema,
    handler: ({ caller, params, body, requestId }) =>
      progress().updateProgress(caller, params.resource_id, body, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/complete',
    tags,
    auth: 'learner',
    summary: 'Mark a resource completed (seed 000)',
    params: ResourceIdParams,
    response: CompleteResponseSchema,
    handler: ({ caller, params, requestId }) =>
      progress().complete(caller, params.resource_id, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/view',
    tags,
    auth: 'learner',
    summary: 'Record that the learner opened a resource (seed 004)',
    params: ResourceIdParams,
    response: ResourceProgressSchema,
    handler: ({ caller, params, requestId }) =>
      progress().view(caller, params.resource_id, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/quiz-attempts',
    tags,
    auth: 'learner',
    status: 201,
    summary: 'Submit a quiz attempt; the server scores it against the answer key',
    params: ResourceIdParams,
    body: QuizAttemptBodySchema,
    response: QuizAttemptResponseSchema,
    handler: ({ caller, params, body, requestId }) =>
      progress().quizAttempt(caller, params.resource_id, body, requestId),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments',
    tags,
    auth: 'learner',
    summary: 'All of the caller’s enrollments',
    query: PageQuerySchema,
    response: EnrollmentListSchema,
    handler: ({ caller, query }) =>
      progress().listEnrollments(caller, query.limit, query.page_token),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments/{pathway_id}/summary',
    tags,
    auth: 'learner',
    summary: 'Course summary: counts, completion, where to resume (seed 004)',
    params: PathwayIdParams,
    response: EnrollmentSummarySchema,
    handler: ({ caller, params }) => progress().summary(caller, params.pathway_id),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/enrollments/{pathway_id}/modules/{module_id}',
    tags,
    auth: 'learner',
    summary: 'Progress through one module (seed 004)',
    params: ModuleProgressParams,
    response: ModuleProgressResponseSchema,
    handler: ({ caller, params }) =>
      progress().moduleProgress(caller, params.pathway_id, params.module_id),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/me/enrollments/{pathway_id}/progress',
    tags,
    auth: 'learner',
    summary: 'Reset the caller’s progress in a pathway and say what was cleared',
    params: PathwayIdParams,
    response: ResetResponseSchema,
    handler: ({ caller, params, requestId }) =>
      progress().reset(caller, params.pathway_id, requestId),
  }),
];

export const progressApi = httpFunction('progressApi', progressRoutes);
