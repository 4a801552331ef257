import { z } from 'zod';
import { invalidArgument, type ErrorDetail } from '../errors';
import { DescriptionSchema, SlugSchema, TitleSchema } from '../schemas/common';
import { learnerEvent, type LearnerEventOf, type Response } from './events';
import {
  expectedVarianceReduction,
  levelOf,
  MODEL,
  responsesBySkill,
  update,
  type Belief,
} from './estimator';
import { guessingOf, ItemDifficultySchema, LevelSchema, SkillIdSchema } from './skills';

/**
 * Diagnostic assessments (seed 003 `/api/v1/assessments/*`): questions tagged with skills and a
 * difficulty, the answer key kept on the server, attempts scored here. A `fixed` assessment asks
 * every question; an `adaptive` one asks up to `max_questions`, each chosen to tell the most
 * about the learner's least certain skill (computerised adaptive testing), which measures a
 * level far better than the same number of fixed questions (see the estimator's tests).
 */

export const AssessmentQuestionSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Use letters, digits, "_" and "-" (max 40)'),
    prompt: z.string().trim().min(1).max(2000),
    options: z.array(z.string().trim().min(1).max(500)).min(2).max(10),
    /** Indexes of the correct options: the answer key, never sent to learners. */
    correct: z.array(z.number().int().min(0)).min(1),
    skills: z.array(SkillIdSchema).min(1).max(5),
    difficulty: ItemDifficultySchema,
  })
  .superRefine((q, ctx) => {
    q.correct.forEach((index, i) => {
      if (index >= q.options.length)
        ctx.addIssue({ code: 'custom', path: ['correct', i], message: 'No option has this index' });
    });
    if (new Set(q.correct).size !== q.correct.length)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'Indexes must be unique' });
    if (new Set(q.skills).size !== q.skills.length)
      ctx.addIssue({ code: 'custom', path: ['skills'], message: 'Skill listed twice' });
  });
export type AssessmentQuestion = z.output<typeof AssessmentQuestionSchema>;

export const AssessmentSchema = z
  .strictObject({
    id: SlugSchema,
    title: TitleSchema,
    description: DescriptionSchema.default(''),
    mode: z.enum(['fixed', 'adaptive']).default('fixed'),
    /** Adaptive only: how many questions an attempt asks. */
    max_questions: z.number().int().min(1).max(100).default(10),
    /** The level that counts as proficient per skill; unnamed skills use the default (6). */
    target_levels: z.record(SkillIdSchema, LevelSchema).default({}),
    questions: z.array(AssessmentQuestionSchema).min(1).max(200),
  })
  .superRefine((a, ctx) => {
    const ids = new Set<string>();
    a.questions.forEach((q, i) => {
      if (ids.has(q.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: 'Question ids must be unique',
        });
      ids.add(q.id);
    });
    const measured = new Set(a.questions.flatMap((q) => q.skills));
    for (const skill of Object.keys(a.target_levels)) {
      if (!measured.has(skill))
        ctx.addIssue({
          code: 'custom',
          path: ['target_levels', skill],
          message: 'No question measures this skill',
        });
    }
  });
export type Assessment = z.output<typeof AssessmentSchema>;

/** What a learner sees: no answer key, no difficulty. */
export function publicAssessment(assessment: Assessment) {
  return {
    id: assessment.id,
    title: assessment.title,
    description: assessment.description,
    mode: assessment.mode,
    question_count:
      assessment.mode === 'adaptive'
        ? Math.min(assessment.max_questions, assessment.questions.length)
        : assessment.questions.length,
    skills: [...new Set(assessment.questions.flatMap((q) => q.skills))].sort(),
    questions:
      assessment.mode === 'fixed' ? assessment.questions.map((q) => publicQuestion(q)) : [],
  };
}

export function publicQuestion(q: AssessmentQuestion) {
  return {
    id: q.id,
    prompt: q.prompt,
    options: q.options,
    skills: q.skills,
    multiple: q.correct.length > 1,
  };
}

export const AnswersSchema = z.record(
  z.string().min(1).max(40),
  z.array(z.number().int().min(0)).max(10),
);
export type Answers = z.infer<typeof AnswersSchema>;

export interface ScoredAssessment {
  score: number;
  max_score: number;
  percentage: number;
  responses: Response[];
}

/**
 * Scores an attempt against the key: a question is right when exactly its correct options are
 * chosen; an asked question left unanswered is wrong. For an adaptive assessment only the
 * questions asked count, in the order they were asked (the estimator's order).
 */
export function scoreAttempt(
  assessment: Assessment,
  answers: Answers,
  asked?: readonly string[],
): ScoredAssessment {
  const byId = new Map(assessment.questions.map((q) => [q.id, q]));
  const details: ErrorDetail[] = [];
  const order =
    assessment.mode === 'adaptive' ? [...(asked ?? [])] : assessment.questions.map((q) => q.id);
  if (assessment.mode === 'adaptive') {
    order.forEach((id, i) => {
      if (!byId.has(id))
        details.push({ path: `asked.${i}`, message: 'No such question in this assessment' });
    });
    if (order.length === 0) details.push({ path: 'asked', message: 'No question was asked' });
    if (new Set(order).size !== order.length)
      details.push({ path: 'asked', message: 'A question is asked twice' });
  }
  const counted = new Set(order);
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) {
      details.push({
        path: `answers.${questionId}`,
        message: 'No such question in this assessment',
      });
      continue;
    }
    if (!counted.has(questionId)) {
      details.push({
        path: `answers.${questionId}`,
        message: 'This question was not asked in this attempt',
      });
    }
    chosen.forEach((option, i) => {
      if (option >= question.options.length)
        details.push({
          path: `answers.${questionId}.${i}`,
          message: `Option ${option} does not exist`,
        });
    });
    if (new Set(chosen).size !== chosen.length)
      details.push({ path: `answers.${questionId}`, message: 'An option is chosen twice' });
  }
  if (details.length > 0) throw invalidArgument('Some answers do not fit this assessment', details);

  const responses: Response[] = order.map((id) => {
    const q = byId.get(id) as AssessmentQuestion;
    const expected = [...q.correct].sort((a, b) => a - b);
    const given = [...(answers[id] ?? [])].sort((a, b) => a - b);
    return {
      question_id: id,
      correct: expected.length === given.length && expected.every((v, i) => v === given[i]),
      skills: q.skills,
      difficulty: q.difficulty,
      guessing: guessingOf(q.options.length, q.correct.length),
    };
  });
  const score = responses.filter((r) => r.correct).length;
  const max = Math.max(1, responses.length);
  return { score, max_score: max, percentage: Math.round((score / max) * 1000) / 10, responses };
}

/**
 * The next question of an adaptive attempt: the one whose answer is expected to shrink the
 * uncertainty of its skills the most, given the beliefs so far. Null when the attempt is done.
 * Ties go to the earlier question of the bank, so the choice is deterministic.
 */
export function selectNextQuestion(
  assessment: Assessment,
  beliefs: Readonly<Record<string, Belief>>,
  asked: readonly string[],
): AssessmentQuestion | null {
  if (asked.length >= assessment.max_questions) return null;
  const done = new Set(asked);
  let best: AssessmentQuestion | null = null;
  let bestValue = -Infinity;
  for (const q of assessment.questions) {
    if (done.has(q.id)) continue;
    const item = {
      difficulty: q.difficulty,
      guessing: guessingOf(q.options.length, q.correct.length),
    };
    let value = 0;
    for (const skill of q.skills)
      value += expectedVarianceReduction(beliefs[skill] ?? prior(), item);
    if (value > bestValue) {
      best = q;
      bestValue = value;
    }
  }
  return best;
}

function prior(): Belief {
  return { mean: MODEL.priorMean, variance: MODEL.priorVariance };
}

/** Beliefs during an attempt: the learner's beliefs before it, updated by its answers so far. */
export function attemptBeliefs(
  before: Readonly<Record<string, Belief>>,
  responses: readonly Response[],
): Record<string, Belief> {
  const beliefs: Record<string, Belief> = { ...before };
  for (const response of responses) {
    for (const skill of response.skills)
      beliefs[skill] = update(beliefs[skill] ?? prior(), response);
  }
  return beliefs;
}

export interface SkillBreakdown {
  skill_id: string;
  questions: number;
  correct: number;
  percentage: number;
  difficulty_range: [number, number];
  hardest_correct: number | null;
  easiest_wrong: number | null;
  /** The level this attempt alone indicates (from the neutral prior). */
  attempt_level: number;
  summary: string;
}

/** Seed 003's `get_skill_breakdown`: skill-by-skill performance in one attempt. */
export function getSkillBreakdown(responses: readonly Response[]): SkillBreakdown[] {
  return [...responsesBySkill(responses)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([skill, list]) => {
      const right = list.filter((r) => r.correct);
      const wrong = list.filter((r) => !r.correct);
      const difficulties = list.map((r) => r.difficulty);
      const belief = list.reduce<Belief>((b, r) => update(b, r), prior());
      const level = levelOf(belief.mean);
      const percentage = Math.round((right.length / list.length) * 1000) / 10;
      const range: [number, number] = [Math.min(...difficulties), Math.max(...difficulties)];
      return {
        skill_id: skill,
        questions: list.length,
        correct: right.length,
        percentage,
        difficulty_range: range,
        hardest_correct: right.length ? Math.max(...right.map((r) => r.difficulty)) : null,
        easiest_wrong: wrong.length ? Math.min(...wrong.map((r) => r.difficulty)) : null,
        attempt_level: level,
        summary: `${skill}: ${right.length} of ${list.length} right (${percentage}%) at difficulties ${range[0]}–${range[1]}; this attempt alone indicates level ${level}.`,
      };
    });
}

/** The learner event of a scored attempt. */
export function assessmentAttemptEvent(input: {
  user_id: string;
  assessment: Assessment;
  attempt_id: string;
  scored: ScoredAssessment;
  at: string;
}): LearnerEventOf<'assessment_attempted'> {
  return learnerEvent({
    user_id: input.user_id,
    kind: 'assessment_attempted',
    occurred_at: input.at,
    source: { type: 'assessment', id: input.attempt_id },
    data: {
      assessment_id: input.assessment.id,
      attempt_id: input.attempt_id,
      title: input.assessment.title,
      score: input.scored.score,
      max_score: input.scored.max_score,
      percentage: input.scored.percentage,
      responses: input.scored.responses,
      target_levels: input.assessment.target_levels,
    },
  });
}
