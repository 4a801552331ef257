import type { z } from 'zod';
import type { Caller } from '../../auth';
import type { PathwayAccess } from '../../catalog/access';
import type { PathwayDoc } from '../../catalog/model';
import { locateByIdOrKey } from '../../catalog/outline';
import { failedPrecondition, notFound } from '../../errors';
import type { RequestContext, ResponseOf } from '../../use-case';
import type { ActingFor, LearnerAccess } from '../access';
import type { ProgressActivity } from '../activity';
import type { QuizAttempts } from '../quiz-attempts';
import type { ProgressReads } from '../reads';
import type { ProgressRepository } from '../repository';
import type { ProgressReset } from '../reset';
import { blankEnrollment } from '../views';
import type {
  ChapterBodySchema,
  TutorialProgress,
  TutorialQuizBodySchema,
  TutorialResetSchema,
} from './schemas';
import { tutorialView } from './view';

type TutorialParams = { tutorialId: string };
type UserQuery = { userId?: string | undefined; reason?: string | undefined };

/** Seed 001's tutorial-progress API over the same enrollment, quiz and reset use cases. */
export class TutorialProgressService {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly access: PathwayAccess,
    private readonly reads: ProgressReads,
    private readonly activity: ProgressActivity,
    private readonly quizzes: QuizAttempts,
    private readonly resets: ProgressReset,
    private readonly learners: LearnerAccess,
  ) {}

  /**
   * The tutorial (a pathway the caller may see) and whose progress the call is about: the
   * caller's own, or a learner's that staff act for (`change` says it writes, and why).
   */
  private async subject(
    caller: Caller,
    tutorialId: string,
    input: UserQuery,
    writes: boolean,
  ): Promise<{ user: string; actingFor: ActingFor | undefined }> {
    const pathway = await this.access.visible(caller, tutorialId, `Tutorial ${tutorialId}`);
    const actingFor = await this.learners.subject(
      caller,
      tutorialId,
      pathway,
      input.userId,
      writes ? { reason: input.reason } : null,
    );
    return { user: actingFor?.userId ?? caller.uid, actingFor: actingFor ?? undefined };
  }

  async get(
    caller: Caller,
    params: TutorialParams,
    query: UserQuery,
    _ctx: RequestContext,
  ): Promise<TutorialProgress> {
    const { user } = await this.subject(caller, params.tutorialId, query, false);
    const { pathway, enrollment } = await this.reads.pathwayProgress(
      caller,
      params.tutorialId,
      user,
    );
    return tutorialView(enrollment, pathway);
  }

  /**
   * The tutorial's pathway and the chapter (video) or quiz `ref` names in it: by its global id or
   * by the tutorial's own id for it (seed 001's `chapter-1`).
   */
  private async itemIn(
    caller: Caller,
    tutorialId: string,
    ref: string,
    kind: 'video' | 'quiz',
    field: string,
  ): Promise<{ pathway: PathwayDoc; resourceId: string }> {
    const pathway = await this.access.visible(caller, tutorialId, `Tutorial ${tutorialId}`);
    const location = locateByIdOrKey(pathway.outline, ref);
    if (!location)
      throw notFound(`${kind === 'video' ? 'Chapter' : 'Quiz'} ${ref} in tutorial ${tutorialId}`);
    if (location.resource.type !== kind) {
      throw failedPrecondition(
        `${ref} is a ${location.resource.type}, not a ${kind === 'video' ? 'chapter (video)' : 'quiz'}`,
        [{ path: field, message: `Not a ${kind}` }],
      );
    }
    return { pathway, resourceId: location.resource.resource_id };
  }

  async chapter(
    caller: Caller,
    params: TutorialParams,
    body: z.output<typeof ChapterBodySchema>,
    ctx: RequestContext,
  ): Promise<TutorialProgress> {
    const { actingFor } = await this.subject(caller, params.tutorialId, body, true);
    const { pathway, resourceId } = await this.itemIn(
      caller,
      params.tutorialId,
      body.chapterId,
      'video',
      'chapterId',
    );
    const result = await this.activity.recordAction(
      caller,
      resourceId,
      {
        kind: 'progress',
        watch_time_seconds: body.watchTime,
        last_position_seconds: body.lastPosition,
        ...(body.completed ? { status: 'completed' as const } : {}),
      },
      ctx,
      actingFor,
    );
    const view = tutorialView(result.enrollment, result.pathway);
    if (body.totalChapters !== undefined && body.totalChapters !== view.totalChapters) {
      // The server counts chapters itself; a client that disagrees is told, not ignored.
      view.warnings = [
        {
          field: 'totalChapters',
          message: `Tutorial ${pathway.title} has ${view.totalChapters} chapters; the request said ${body.totalChapters}`,
        },
      ];
    }
    return view;
  }

  async quiz(
    caller: Caller,
    params: TutorialParams,
    body: z.output<typeof TutorialQuizBodySchema>,
    ctx: RequestContext,
  ): Promise<TutorialProgress> {
    const tutorialId = params.tutorialId;
    const { user, actingFor } = await this.subject(caller, tutorialId, body, true);
    const { pathway, resourceId } = await this.itemIn(
      caller,
      tutorialId,
      body.quizId,
      'quiz',
      'quizId',
    );
    await this.quizzes.submit(
      caller,
      { resource_id: resourceId },
      body.answers ? { answers: body.answers } : { score: body.score, max_score: body.maxScore },
      ctx,
      actingFor,
    );
    const stored = await this.repo.enrollment(user, tutorialId);
    return tutorialView(stored ?? blankEnrollment(user, tutorialId, pathway), pathway);
  }

  async complete(
    caller: Caller,
    params: TutorialParams,
    body: UserQuery,
    _ctx: RequestContext,
  ): Promise<TutorialProgress> {
    const { user } = await this.subject(caller, params.tutorialId, body, false);
    const { pathway, enrollment } = await this.reads.pathwayProgress(
      caller,
      params.tutorialId,
      user,
    );
    if (enrollment.pathway.completed_at === null) {
      const left = enrollment.pathway.required_total - enrollment.pathway.required_done;
      throw failedPrecondition(`The tutorial is not finished: ${left} required item(s) left`, [
        { path: 'tutorialId', message: `${left} required item(s) left` },
      ]);
    }
    return tutorialView(enrollment, pathway);
  }

  async reset(
    caller: Caller,
    params: TutorialParams,
    query: UserQuery,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof TutorialResetSchema>> {
    const tutorialId = params.tutorialId;
    const { user, actingFor } = await this.subject(caller, tutorialId, query, true);
    const { pathway, enrollment } = await this.reads.pathwayProgress(caller, tutorialId, user);
    const before = tutorialView(enrollment, pathway);
    const result = await this.resets.reset(caller, { pathway_id: tutorialId }, {}, ctx, actingFor);
    return {
      tutorialId,
      userId: user,
      reset: true as const,
      cleared: {
        chapters: before.chapterProgress.filter(
          (c) => c.watchTime > 0 || c.completed || c.lastPosition > 0,
        ).length,
        quizAttempts: result.cleared.quiz_attempts,
        resources: result.cleared.resources,
        watchTimeSeconds: before.totalWatchTime,
        certificateEligible: before.certificateEligible,
      },
    };
  }
}
