import { z } from 'zod';
import { IsoDateTime, PathIdSchema, singleLineText, SlugSchema } from '../../schemas/common';
import { SecondsSchema } from '../schemas';

/**
 * Seed 001's tutorial-progress API as a compatibility surface over the same model: a tutorial is
 * a pathway, a chapter a video resource, a quiz a quiz resource. Field names are its camelCase.
 */

/**
 * `userId`: whose progress (the caller's own unless they are staff of the tutorial); `reason`:
 * why staff change a learner's progress for them (required then, and audited).
 */
const UserIdField = {
  userId: PathIdSchema.optional(),
  reason: singleLineText(500, 3).optional(),
};

export const TutorialParams = z.object({ tutorialId: SlugSchema });

/** A chapter or quiz: its global resource id, or the tutorial's own id for it (`chapter-1`). */
export const TutorialItemSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and hyphens');
export const TutorialQuerySchema = z.strictObject(UserIdField);

export const ChapterBodySchema = z.strictObject({
  ...UserIdField,
  chapterId: TutorialItemSchema,
  watchTime: SecondsSchema.optional(),
  completed: z.boolean().optional(),
  lastPosition: SecondsSchema.optional(),
  /** Sent by seed 001 clients; the server knows the real count, so it is only checked for sense. */
  totalChapters: z.number().int().min(0).optional(),
});

export const TutorialQuizBodySchema = z
  .strictObject({
    ...UserIdField,
    quizId: TutorialItemSchema,
    /** For a quiz with an answer key: the chosen option indexes per question id. */
    answers: z
      .record(z.string().min(1).max(40), z.array(z.number().int().min(0)).max(20))
      .optional(),
    /** For a quiz without one: the score the client computed. */
    score: z.number().min(0, 'Cannot be negative').optional(),
    maxScore: z.number().positive().optional(),
    /** The client's view; the server decides with the quiz's passing score. */
    passed: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const reported = v.score !== undefined || v.maxScore !== undefined;
    if (v.answers !== undefined && reported)
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: 'Give answers or a score, not both',
      });
    if (v.answers === undefined && (v.score === undefined || v.maxScore === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.score === undefined ? 'score' : 'maxScore'],
        message: 'Give answers, or score and maxScore',
      });
    if (v.score !== undefined && v.maxScore !== undefined && v.score > v.maxScore)
      ctx.addIssue({ code: 'custom', path: ['score'], message: 'Cannot exceed maxScore' });
  });

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
  /** What the server noticed about the request but did not act on (e.g. a wrong totalChapters). */
  warnings: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
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
