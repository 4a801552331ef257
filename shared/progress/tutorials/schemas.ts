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
export const TutorialQuerySchema = z.strictObject(UserIdField);

export const ChapterBodySchema = z.strictObject({
  ...UserIdField,
  chapterId: SlugSchema,
  watchTime: SecondsSchema.optional(),
  completed: z.boolean().optional(),
  lastPosition: SecondsSchema.optional(),
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
