import { z } from 'zod';
import { IsoDateTime, SlugSchema } from '../../schemas/common';
import { SecondsSchema } from '../schemas';
import { TutorialItemSchema } from './schemas';

/**
 * Seed 001's `migrateAllLocalStorage()`: the progress a browser kept in localStorage, one entry
 * per tutorial in the TutorialProgress shape. Derived fields (percentages, counts, eligibility)
 * are accepted and recomputed by the server, never taken.
 */
const ImportedChapterSchema = z.strictObject({
  chapterId: TutorialItemSchema,
  watchTime: SecondsSchema.default(0),
  completed: z.boolean().default(false),
  lastPosition: SecondsSchema.default(0),
  /** When the browser last changed it; the tutorial's lastWatchedAt otherwise. */
  updatedAt: IsoDateTime.optional(),
});

const ImportedQuizSchema = z
  .strictObject({
    quizId: TutorialItemSchema,
    score: z.number().min(0),
    maxScore: z.number().positive(),
    passed: z.boolean().optional(),
    attempts: z.number().int().min(0).optional(),
    completedAt: IsoDateTime,
  })
  .refine((q) => q.score <= q.maxScore, { path: ['score'], message: 'Cannot exceed maxScore' });

export const ImportedTutorialSchema = z.strictObject({
  tutorialId: SlugSchema,
  userId: z.string().max(128).optional(),
  chapterProgress: z.array(ImportedChapterSchema).max(500).default([]),
  quizScores: z.array(ImportedQuizSchema).max(200).default([]),
  lastWatchedAt: IsoDateTime.nullable().optional(),
  createdAt: IsoDateTime.optional(),
  updatedAt: IsoDateTime.optional(),
  completionPercentage: z.number().optional(),
  chaptersCompleted: z.number().optional(),
  totalChapters: z.number().optional(),
  certificateEligible: z.boolean().optional(),
  certificateEarned: z.boolean().optional(),
  totalWatchTime: z.number().optional(),
});
export type ImportedTutorial = z.output<typeof ImportedTutorialSchema>;

export const ImportBodySchema = z.strictObject({
  tutorials: z.array(ImportedTutorialSchema).min(1).max(50),
});

export const ImportResultSchema = z.object({
  tutorialId: z.string(),
  /** imported: there was no progress yet; merged: it joined what the server had. */
  result: z.enum(['imported', 'merged', 'unchanged', 'refused']),
  reason: z.string().nullable(),
  chapters: z.object({
    changed: z.number().int(),
    unchanged: z.number().int(),
    refused: z.array(z.object({ chapterId: z.string(), reason: z.string() })),
  }),
  quizzes: z.object({
    imported: z.number().int(),
    already_imported: z.number().int(),
    refused: z.array(z.object({ quizId: z.string(), reason: z.string() })),
  }),
});
export type ImportResult = z.input<typeof ImportResultSchema>;

export const ImportResponseSchema = z.object({ results: z.array(ImportResultSchema) });
