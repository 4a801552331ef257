import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { progress } from '../shared/progress/service';
import {
  ChapterBodySchema,
  TutorialCompleteBodySchema,
  TutorialParams,
  TutorialProgressSchema,
  TutorialProgressService,
  TutorialQuerySchema,
  TutorialQuizBodySchema,
  TutorialResetSchema,
} from '../shared/progress/tutorials';

const tags = ['tutorials (seed 001)'];
let service: TutorialProgressService | undefined;
const tutorials = () => (service ??= new TutorialProgressService(progress()));

/** Seed 001's tutorial-progress API, camelCase, over the same progress model. */
export const tutorialRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/tutorials/progress/{tutorialId}',
    tags,
    auth: 'learner',
    summary: 'Tutorial progress (userId: the caller’s own unless instructor or admin)',
    params: TutorialParams,
    query: TutorialQuerySchema,
    response: TutorialProgressSchema,
    handler: ({ caller, params, query }) =>
      tutorials().get(caller, params.tutorialId, query.userId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tutorials/progress/{tutorialId}/chapter',
    tags,
    auth: 'learner',
    summary: 'Record chapter (video) watch time, position and completion',
    params: TutorialParams,
    body: ChapterBodySchema,
    response: TutorialProgressSchema,
    handler: ({ caller, params, body, requestId }) =>
      tutorials().chapter(caller, params.tutorialId, body, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tutorials/progress/{tutorialId}/quiz',
    tags,
    auth: 'learner',
    summary: 'Record a client-scored quiz (only quizzes without an answer key)',
    params: TutorialParams,
    body: TutorialQuizBodySchema,
    response: TutorialProgressSchema,
    handler: ({ caller, params, body, requestId }) =>
      tutorials().quiz(caller, params.tutorialId, body, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tutorials/progress/{tutorialId}/complete',
    tags,
    auth: 'learner',
    summary: 'Confirm the tutorial is complete (409 with what is left otherwise)',
    params: TutorialParams,
    body: TutorialCompleteBodySchema,
    bodyOptional: true,
    response: TutorialProgressSchema,
    handler: ({ caller, params, body }) =>
      tutorials().complete(caller, params.tutorialId, body.userId),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/tutorials/progress/{tutorialId}',
    tags,
    auth: 'learner',
    summary: 'Reset tutorial progress and say what was cleared',
    params: TutorialParams,
    query: TutorialQuerySchema,
    response: TutorialResetSchema,
    handler: ({ caller, params, query, requestId }) =>
      tutorials().reset(caller, params.tutorialId, query.userId, requestId),
  }),
];

export const tutorialsApi = httpFunction('tutorialsApi', tutorialRoutes);
