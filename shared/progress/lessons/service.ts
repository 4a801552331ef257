import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { Caller } from '../../auth';
import type { PathwayAccess } from '../../catalog/access';
import type { OutlineModule, PathwayDoc } from '../../catalog/model';
import { locateModule } from '../../catalog/outline';
import { failedPrecondition, invalidArgument, notFound } from '../../errors';
import type { NoInput } from '../../schemas/params';
import type { RequestContext, ResponseOf } from '../../use-case';
import type { ProgressActivity } from '../activity';
import { enrollmentId, type EnrollmentDoc } from '../model';
import type { ProgressRepository } from '../repository';
import type { ProgressAction } from '../transitions';
import type {
  CourseProgressSchema,
  CourseSummarySchema,
  CreateLessonProgressSchema,
  LessonProgressSchema,
  TopicProgressSchema,
  UpdateLessonProgressSchema,
} from './schemas';
import { counts, lessonView } from './views';

type Lesson = ResponseOf<typeof LessonProgressSchema>;
type CourseParams = { user_course_id: string };
type TopicParams = CourseParams & { topic_id: string };
type LessonParams = TopicParams & { lesson_id: string };

/** How far ahead of the server's clock a client's `last_viewed_at` may be. */
const CLOCK_SKEW_MS = 60_000;

interface Course {
  id: string;
  pathway: PathwayDoc;
  enrollment: EnrollmentDoc;
}

/** Seed 004's UserCourseProgress API, over the caller's own enrollment (others' are a 404). */
export class LessonProgressService {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly access: PathwayAccess,
    private readonly activity: ProgressActivity,
  ) {}

  private async course(caller: Caller, userCourseId: string): Promise<Course> {
    const split = userCourseId.lastIndexOf('_');
    const uid = userCourseId.slice(0, split);
    const pathwayId = userCourseId.slice(split + 1);
    const missing = notFound(`Course enrollment ${userCourseId}`);
    if (uid !== caller.uid) throw missing;
    const pathway = await this.access.visible(
      caller,
      pathwayId,
      `Course enrollment ${userCourseId}`,
    );
    const enrollment = await this.repo.enrollment(uid, pathwayId);
    if (!enrollment) throw missing;
    return { id: enrollmentId(uid, pathwayId), pathway, enrollment };
  }

  private static topic(course: Course, topicId: string): OutlineModule {
    const module = locateModule(course.pathway.outline, topicId)?.module;
    if (!module) throw notFound(`Topic ${topicId} in ${course.id}`);
    return module;
  }

  private static lesson(course: Course, topicId: string, lessonId: string): void {
    const topic = LessonProgressService.topic(course, topicId);
    if (!topic.resources.some((r) => r.resource_id === lessonId))
      throw notFound(`Lesson ${lessonId} in topic ${topicId}`);
  }

  /** The caller's course, checked to hold the lesson in the topic. */
  private async lessonOf(caller: Caller, params: LessonParams): Promise<Course> {
    const course = await this.course(caller, params.user_course_id);
    LessonProgressService.lesson(course, params.topic_id, params.lesson_id);
    return course;
  }

  /** Applies actions in order to one lesson; answers the lesson as it then stands. */
  private async apply(
    caller: Caller,
    course: Course,
    params: LessonParams,
    actions: ProgressAction[],
    ctx: RequestContext,
  ): Promise<Lesson> {
    let enrollment = course.enrollment;
    for (const action of actions) {
      enrollment = (await this.activity.recordAction(caller, params.lesson_id, action, ctx))
        .enrollment;
    }
    return lessonView(course.id, enrollment, params.topic_id, params.lesson_id);
  }

  /** `POST /progress/`: starts tracking a lesson (with the status given, `not_started` by default). */
  async create(
    caller: Caller,
    _params: NoInput,
    body: z.output<typeof CreateLessonProgressSchema>,
    ctx: RequestContext,
  ): Promise<Lesson> {
    const course = await this.course(caller, body.user_course_id);
    LessonProgressService.lesson(course, body.topic_id, body.lesson_id);
    const action: ProgressAction =
      body.status === 'completed'
        ? { kind: 'complete' }
        : body.status === 'in_progress'
          ? { kind: 'start' }
          : { kind: 'track' };
    return this.apply(caller, course, body, [action], ctx);
  }

  async get(
    caller: Caller,
    params: LessonParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<Lesson> {
    const course = await this.lessonOf(caller, params);
    return lessonView(course.id, course.enrollment, params.topic_id, params.lesson_id);
  }

  /** `PUT`: a status and/or when the lesson was last viewed. Progress never moves backwards. */
  async update(
    caller: Caller,
    params: LessonParams,
    body: z.output<typeof UpdateLessonProgressSchema>,
    ctx: RequestContext,
  ): Promise<Lesson> {
    const course = await this.lessonOf(caller, params);
    const actions: ProgressAction[] = [];
    if (body.last_viewed_at !== undefined) {
      const at = Date.parse(body.last_viewed_at);
      if (at > Date.now() + CLOCK_SKEW_MS) {
        throw invalidArgument('last_viewed_at is in the future', [
          { path: 'last_viewed_at', message: 'Must not be later than now' },
        ]);
      }
      actions.push({ kind: 'view', at: Timestamp.fromMillis(at) });
    }
    const current = lessonView(course.id, course.enrollment, params.topic_id, params.lesson_id);
    if (body.status === 'not_started' && current.status !== 'not_started') {
      throw failedPrecondition(
        `The lesson is ${current.status}; it cannot go back to not_started`,
        [{ path: 'status', message: 'Progress does not move backwards' }],
      );
    }
    if (body.status === 'in_progress') actions.push({ kind: 'start' });
    if (body.status === 'completed') actions.push({ kind: 'complete' });
    if (actions.length === 0) actions.push({ kind: 'track' });
    return this.apply(caller, course, params, actions, ctx);
  }

  async view(
    caller: Caller,
    params: LessonParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<Lesson> {
    return this.apply(caller, await this.lessonOf(caller, params), params, [{ kind: 'view' }], ctx);
  }

  async complete(
    caller: Caller,
    params: LessonParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<Lesson> {
    const course = await this.lessonOf(caller, params);
    return this.apply(caller, course, params, [{ kind: 'complete' }], ctx);
  }

  async summary(
    caller: Caller,
    params: CourseParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof CourseSummarySchema>> {
    const { id, pathway, enrollment } = await this.course(caller, params.user_course_id);
    return {
      user_course_id: id,
      ...counts(enrollment, pathway.outline.modules),
      current_topic_id: enrollment.resume?.module_id ?? null,
      current_lesson_id: enrollment.resume?.resource_id ?? null,
      last_activity_at: enrollment.last_accessed_at?.toDate().toISOString() ?? null,
    };
  }

  private static topicView(course: Course, module: OutlineModule) {
    return {
      topic_id: module.module_id,
      title: module.title,
      ...counts(course.enrollment, [module]),
      lessons: module.resources.map((r) =>
        lessonView(course.id, course.enrollment, module.module_id, r.resource_id),
      ),
    };
  }

  async topic(
    caller: Caller,
    params: TopicParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof TopicProgressSchema>> {
    const course = await this.course(caller, params.user_course_id);
    const module = LessonProgressService.topic(course, params.topic_id);
    return { user_course_id: course.id, ...LessonProgressService.topicView(course, module) };
  }

  async courseProgress(
    caller: Caller,
    params: CourseParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof CourseProgressSchema>> {
    const course = await this.course(caller, params.user_course_id);
    return {
      user_course_id: course.id,
      ...counts(course.enrollment, course.pathway.outline.modules),
      topics: course.pathway.outline.modules.map((m) => LessonProgressService.topicView(course, m)),
    };
  }
}
