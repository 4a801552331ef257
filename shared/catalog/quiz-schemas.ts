import { z } from 'zod';
import { ItemDifficultySchema, SkillIdSchema } from '../learner/skills';
import { multiLineText, singleLineText } from '../schemas/common';

/** A quiz as authors write it (with its answer key) and as learners see it (without). */

export const QuizPolicySchema = z.enum(['highest', 'latest', 'first']);
export type QuizPolicy = z.infer<typeof QuizPolicySchema>;

/** When learners see a keyed quiz's correct options: never, once they passed, or when out of attempts. */
export const RevealAnswersSchema = z.enum(['never', 'after_passing', 'after_final_attempt']);
export type RevealAnswers = z.infer<typeof RevealAnswersSchema>;

export const QuizQuestionInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
    prompt: multiLineText(2000, 1),
    options: z.array(singleLineText(500)).min(2).max(10),
    /** Indexes of the correct options: the answer key, never sent to learners. */
    correct: z.array(z.number().int().min(0)).min(1).optional(),
    /** The skills the question measures and how hard it is (levels 1–10), for the learner model. */
    skills: z.array(SkillIdSchema).min(1).max(5).optional(),
    difficulty: ItemDifficultySchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.skills && new Set(q.skills).size !== q.skills.length) {
      ctx.addIssue({ code: 'custom', path: ['skills'], message: 'Skill listed twice' });
    }
    for (const [i, index] of (q.correct ?? []).entries()) {
      if (index >= q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['correct', i], message: 'No option has this index' });
      }
    }
    if (q.correct && new Set(q.correct).size !== q.correct.length) {
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'Indexes must be unique' });
    }
  });

export const QuizInputSchema = z
  .object({
    passing_score: z.number().min(0).max(100).default(70),
    policy: QuizPolicySchema.default('highest'),
    max_attempts: z.number().int().min(1).max(100).nullable().default(null),
    reveal_answers: RevealAnswersSchema.default('never'),
    questions: z.array(QuizQuestionInputSchema).max(200).default([]),
  })
  .superRefine((quiz, ctx) => {
    const keyed = quiz.questions.filter((q) => q.correct !== undefined).length;
    if (keyed !== 0 && keyed !== quiz.questions.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'Either every question has an answer key (correct) or none has',
      });
    }
    const ids = quiz.questions.map((q) => q.id).filter((id) => id !== undefined);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'Question ids must be unique' });
    }
  });
export type QuizInput = z.output<typeof QuizInputSchema>;

export const QuizViewSchema = z.object({
  passing_score: z.number(),
  policy: QuizPolicySchema,
  max_attempts: z.number().int().nullable(),
  reveal_answers: RevealAnswersSchema,
  question_count: z.number().int(),
  has_answer_key: z.boolean(),
});

export const QuizQuestionViewSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  options: z.array(z.string()),
  /** Only for the pathway's owner and admins. */
  correct: z.array(z.number().int()).optional(),
  skills: z.array(z.string()).optional(),
  difficulty: z.number().optional(),
});

/** A resource as seed 000 lists it, plus the fields clients need for optional work and quizzes. */
