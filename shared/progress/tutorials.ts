import { z } from 'zod';
import type { Caller } from '../auth';
import { locateResource } from '../catalog/outline';
import type { PathwayDoc } from '../catalog/service';
import { failedPrecondition, notFound } from '../errors';
import { IsoDateTime, PathIdSchema, SlugSchema } from '../schemas/common';
import { iso } from '../time';
import { isDone, type EnrollmentDoc } from './model';
import { ProgressService } from './service';
import { blankEnrollment } from './views';

/**
 * Seed 001's tutorial-progress API as a compatibility surface over the same model: a tutorial is
 * a pathway, a chapter a video resource, a quiz a quiz resource. Field names are its camelCase.
 */

const UserIdField = { userId: PathIdSchema.optional() };

export const TutorialParams = z.object({ tutorialId: SlugSchema });
export const TutorialQuerySchema = z.object(UserIdField);

export const ChapterBodySchema = z.strictObject({
  ...UserIdField,
  chapterId: SlugSchema,
  watchTime: z.number().min(0, 'Cannot be negative').max(10_000_000).optional(),
  completed: z.boolean().optional(),
  lastPosition: z.number().min(0, 'Cannot be negative').max(10_000_000).optional(),
  /** Sent by seed 001 clients; the server knows the real count, so it is only checked for sense. */
  totalChapters: z.number().int().min(0).optional(),
});

export const TutorialQuizBodySchema = z
  .strictObject({
    ...UserIdField,
    quizId: SlugSchema,
    score: z.number().min(0, 'Cannot be negative'),
    maxScore: z.number().positive(),
    /** The client's view; the server decides with the quiz's passing score. */
    passed: z.boolean().optional(),
  })
  .refine((v) => v.score <= v.maxScore, { path: ['score'], message: 'Cannot exceed maxScore' });

export const TutorialCompleteBodySchema = z.strictObject(UserIdField);

export const TutorialProgressSchema = z.object({
  tutorialId: z.string(),
  userId: z.string(),
  completionPercentage: z.number().int().min(0).max(100),
  chaptersCompleted: z.number().int(),
  totalChapters: z.number().int(),
  chapterProgress: z.array(
    z.object({
      chapterId: z.string(),
      watchTime: z.number(),
      completed: z.boolean(),
      lastPosition: z.number(),
    }),
  ),
  quizScores: z.array(
    z.object({
      quizId: z.string(),
      score: z.number(),
      maxScore: z.number(),
      passed: z.boolean(),
      attempts: z.number().int(),
      completedAt: IsoDateTime.nullable(),
    }),
  ),
  certificateEligible: z.boolean(),
  certificateEarned: z.boolean(),
  totalWatchTime: z.number(),
  lastWatchedAt: IsoDateTime.nullable(),
});
export type TutorialProgress = z.input<typeof TutorialProgressSchema>;

export const TutorialResetSchema = z.object({
  tutorialId: z.string(),
  userId: z.string(),
  reset: z.literal(true),
  cleared: z.object({
    chapters: z.number().int(),
    quizAttempts: z.number().int(),
    resources: z.number().int(),
    watchTimeSeconds: z.number(),
    certificateEligible: z.boolean(),
  }),
});

export function tutorialView(enrollment: EnrollmentDoc, pathway: PathwayDoc): TutorialProgress {
  const entries = pathway.outline.modules.flatMap((m) => m.resources);
  const chapters = entries.filter((r) => r.type === 'video');
  let totalWatch = 0;
  let lastWatched: EnrollmentDoc['updated_at'] | null = null;
  const chapterProgress = chapters.map((c) => {
    const s = enrollment.resources[c.resource_id];
    totalWatch += s?.watch_time_seconds ?? 0;
    if (s && (s.watch_time_seconds !== null || s.last_position_seconds !== null)) {
      if (!lastWatched || s.last_activity_at.toMillis() > lastWatched.toMillis())
        lastWatched = s.last_activity_at;
    }
    return {
      chapterId: c.resource_id,
      watchTime: s?.watch_time_seconds ?? 0,
      completed: isDone(s),
      lastPosition: s?.last_position_seconds ?? 0,
    };
  });
  const quizScores = entries
    .filter((r) => r.type === 'quiz' && enrollment.resources[r.resource_id]?.quiz)
    .map((r) => {
      const quiz = enrollment.resources[r.resource_id]?.quiz;
      return {
        quizId: r.resource_id,
        score: quiz?.counted_score ?? 0,
        maxScore: quiz?.counted_max_score ?? 0,
        passed: quiz?.passed ?? false,
        attempts: quiz?.attempts ?? 0,
        completedAt: iso(quiz?.last_attempt_at ?? null),
      };
    });
  const eligible = enrollment.pathway.completed_at !== null;
  return {
    tutorialId: enrollment.pathway_id,
    userId: enrollment.user_id,
    completionPercentage: Math.floor(enrollment.pathway.pathway_progress),
    chaptersCompleted: chapterProgress.filter((c) => c.completed).length,
    totalChapters: chapters.length,
    chapterProgress,
    quizScores,
    certificateEligible: eligible,
    // Certificates are issued by their own capability; none exists for this enrollment yet.
    certificateEarned: false,
    totalWatchTime: totalWatch,
    lastWatchedAt: iso(lastWatched),
  };
}

export class TutorialProgressService {
  constructor(private readonly progress: ProgressService) {}

  async get(
    caller: Caller,
    tutorialId: string,
    userId: string | undefined,
  ): Promise<TutorialProgress> {
    const user = ProgressService.actingUser(caller, userId);
    const { pathway, enrollment } = await this.progress.pathwayProgress(caller, tutorialId, user);
    return tutorialView(enrollment, pathway);
  }

  private async resourceIn(
    caller: Caller,
    tutorialId: string,
    resourceId: string,
    kind: 'video' | 'quiz',
    field: string,
  ) {
    const pathway = await this.progress.visiblePathway(
      caller,
      tutorialId,
      `Tutorial ${tutorialId}`,
    );
    const location = locateResource(pathway.outline, resourceId);
    if (!location)
      throw notFound(
        `${kind === 'video' ? 'Chapter' : 'Quiz'} ${resourceId} in tutorial ${tutorialId}`,
      );
    if (location.resource.type !== kind) {
      throw failedPrecondition(
        `${resourceId} is a ${location.resource.type}, not a ${kind === 'video' ? 'chapter (video)' : 'quiz'}`,
        [{ path: field, message: `Not a ${kind}` }],
      );
    }
    return pathway;
  }

  async chapter(
    caller: Caller,
    tutorialId: string,
    body: z.output<typeof ChapterBodySchema>,
    requestId: string,
  ): Promise<TutorialProgress> {
    const user = ProgressService.actingUser(caller, body.userId);
    await this.resourceIn(caller, tutorialId, body.chapterId, 'video', 'chapterId');
    const result = await this.progress.act(
      caller,
      body.chapterId,
      {
        kind: 'progress',
        watch_time_seconds: body.watchTime,
        last_position_seconds: body.lastPosition,
        ...(body.completed ? { status: 'completed' as const } : {}),
      },
      requestId,
      user,
    );
    return tutorialView(result.enrollment, result.pathway);
  }

  async quiz(
    caller: Caller,
    tutorialId: string,
    body: z.output<typeof TutorialQuizBodySchema>,
    requestId: string,
  ): Promise<TutorialProgress> {
    const user = ProgressService.actingUser(caller, body.userId);
    const pathway = await this.resourceIn(caller, tutorialId, body.quizId, 'quiz', 'quizId');
    await this.progress.quizAttempt(
      caller,
      body.quizId,
      { score: body.score, max_score: body.maxScore },
      requestId,
      user,
    );
    const stored = await this.progress.repo.enrollment(user, tutorialId);
    return tutorialView(stored ?? blankEnrollment(user, tutorialId, pathway), pathway);
  }

  async complete(
    caller: Caller,
    tutorialId: string,
    userId: string | undefined,
  ): Promise<TutorialProgress> {
    const user = ProgressService.actingUser(caller, userId);
    const { pathway, enrollment } = await this.progress.pathwayProgress(caller, tutorialId, user);
    if (enrollment.pathway.completed_at === null) {
      const left = enrollment.pathway.required_total - enrollment.pathway.required_done;
      throw failedPrecondition(`The tutorial is not finished: ${left} required item(s) left`, [
        { path: 'tutorialId', message: `${left} required item(s) left` },
      ]);
    }
    return tutorialView(enrollment, pathway);
  }

  async reset(caller: Caller, tutorialId: string, userId: string | undefined, requestId: string) {
    const user = ProgressService.actingUser(caller, userId);
    const { pathway, enrollment } = await this.progress.pathwayProgress(caller, tutorialId, user);
    const before = tutorialView(enrollment, pathway);
    const result = await this.progress.reset(caller, tutorialId, requestId, user);
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
