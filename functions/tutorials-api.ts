import { route, type AnyRoute } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import {
  ChapterBodySchema,
  TutorialCompleteBodySchema,
  TutorialParams,
  TutorialProgressSchema,
  TutorialQuerySchema,
  TutorialQuizBodySchema,
  TutorialResetSchema,
} from '../shared/progress/tutorials/schemas';
import {
  ImportBodySchema,
  ImportResponseSchema,
} from '../shared/progress/tutorials/import-schemas';
import type { FunctionFactory, Services } from './services';

const tags = ['tutorials (seed 001)'];

/** Seed 001's tutorial-progress API, camelCase, over the same progress model. */
export const tutorialRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/tutorials/progress/import',
    tags,
    auth: 'learner',
    summary:
      'Import progress a browser kept in localStorage (seed 001 migrateAllLocalStorage): merged, idempotent, per-tutorial results',
    body: ImportBodySchema,
    maxBodyBytes: 2 * 1024 * 1024,
    response: ImportResponseSchema,
    handler: ({ caller, body, ctx }) => s.progress.tutorialImport.import(caller, {}, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/tutorials/progress/{tutorialId}',
    tags,
    auth: 'learner',
    summary: 'Tutorial progress (userId: the caller’s own unless instructor or admin)',
    params: TutorialParams,
    query: TutorialQuerySchema,
    response: TutorialProgressSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.progress.tutorials.get(caller, params, query, ctx),
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
    handler: ({ caller, params, body, ctx }) =>
      s.progress.tutorials.chapter(caller, params, body, ctx),
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
    handler: ({ caller, params, body, ctx }) =>
      s.progress.tutorials.quiz(caller, params, body, ctx),
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
    handler: ({ caller, params, body, ctx }) =>
      s.progress.tutorials.complete(caller, params, body, ctx),
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
    handler: ({ caller, params, query, ctx }) =>
      s.progress.tutorials.reset(caller, params, query, ctx),
  }),
];

/** Each route again at seed 001's own path (`/v1/tutorials/…`), for its client as it is. */
function withSeedPaths(routes: AnyRoute[]): AnyRoute[] {
  return [
    ...routes,
    ...routes.map((r) => ({
      ...r,
      path: r.path.replace(/^\/api\/v1\//, '/v1/'),
      summary: `${r.summary} (seed 001’s own path)`,
    })),
  ];
}

export const tutorialsApi: FunctionFactory = (s) =>
  httpFunction('tutorialsApi', withSeedPaths(tutorialRoutes(s)), s.edge);
