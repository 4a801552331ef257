import { route } from '../shared/http/route';
import {
  CourseParams,
  CourseProgressSchema,
  CourseSummarySchema,
  CreateLessonProgressSchema,
  LessonParams,
  LessonProgressSchema,
  TopicParams,
  TopicProgressSchema,
  UpdateLessonProgressSchema,
} from '../shared/progress/lessons/schemas';
import type { Services } from './services';

const tags = ['lessons (seed 004)'];
const lesson = '/api/v1/progress/{user_course_id}/{topic_id}/{lesson_id}';

/**
 * Seed 004's UserCourseProgress endpoints, at `/api/v1/progress/…` with its field names; part
 * of progressApi (they are the same enrollment, seen as courses, topics and lessons).
 */
export const lessonRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/progress',
    tags,
    auth: 'learner',
    status: 201,
    summary: 'Create a lesson progress record (seed 004 POST /progress/)',
    body: CreateLessonProgressSchema,
    response: LessonProgressSchema,
    handler: ({ caller, body, ctx }) => s.progress.lessons.create(caller, {}, body, ctx),
  }),
  route({
    method: 'GET',
    path: lesson,
    tags,
    auth: 'learner',
    summary: 'One lesson’s progress',
    params: LessonParams,
    response: LessonProgressSchema,
    handler: ({ caller, params, ctx }) => s.progress.lessons.get(caller, params, {}, ctx),
  }),
  route({
    method: 'PUT',
    path: lesson,
    tags,
    auth: 'learner',
    summary: 'Update a lesson’s status and/or last_viewed_at (never backwards)',
    params: LessonParams,
    body: UpdateLessonProgressSchema,
    response: LessonProgressSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.progress.lessons.update(caller, params, body, ctx),
  }),
  route({
    method: 'POST',
    path: `${lesson}/view`,
    tags,
    auth: 'learner',
    summary: 'Mark a lesson viewed',
    params: LessonParams,
    response: LessonProgressSchema,
    handler: ({ caller, params, ctx }) => s.progress.lessons.view(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: `${lesson}/complete`,
    tags,
    auth: 'learner',
    summary: 'Mark a lesson completed',
    params: LessonParams,
    response: LessonProgressSchema,
    handler: ({ caller, params, ctx }) => s.progress.lessons.complete(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/progress/course/{user_course_id}/summary',
    tags,
    auth: 'learner',
    summary: 'Course progress summary: counts, completion, current topic and lesson',
    params: CourseParams,
    response: CourseSummarySchema,
    handler: ({ caller, params, ctx }) => s.progress.lessons.summary(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/progress/course/{user_course_id}/topic/{topic_id}',
    tags,
    auth: 'learner',
    summary: 'One topic’s progress with its lessons',
    params: TopicParams,
    response: TopicProgressSchema,
    handler: ({ caller, params, ctx }) => s.progress.lessons.topic(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/progress/course/{user_course_id}',
    tags,
    auth: 'learner',
    summary: 'The whole course’s progress, topic by topic',
    params: CourseParams,
    response: CourseProgressSchema,
    handler: ({ caller, params, ctx }) =>
      s.progress.lessons.courseProgress(caller, params, {}, ctx),
  }),
];
