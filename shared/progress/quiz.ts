import { createHash } from 'node:crypto';
import type { Timestamp } from 'firebase-admin/firestore';
import type { QuizDoc } from '../catalog/model';
import { failedPrecondition, invalidArgument, type ErrorDetail } from '../errors';
import { percent } from './rollup';
import type { QuizState } from './model';

export interface QuestionResult {
  question_id: string;
  correct: boolean;
  /** Only when the quiz's `reveal_answers` setting allows it (never, by default). */
  correct_options?: number[];
}

export interface ScoredAttempt {
  score: number;
  max_score: number;
  percentage: number;
  results: QuestionResult[];
}

/**
 * Scores answers against the stored key: a question is right when exactly the correct options
 * are chosen. Unanswered questions are wrong; answers to questions that do not exist, or
 * options out of range, are rejected with the field's path.
 */
export function scoreAnswers(
  quiz: Pick<QuizDoc, 'questions'>,
  key: Record<string, number[]>,
  answers: Record<string, number[]>,
): ScoredAttempt {
  const questions = new Map(quiz.questions.map((q) => [q.id, q]));
  const details: ErrorDetail[] = [];
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = questions.get(questionId);
    if (!question) {
      details.push({ path: `answers.${questionId}`, message: 'No such question in this quiz' });
      continue;
    }
    chosen.forEach((option, i) => {
      if (option >= question.options.length) {
        details.push({
          path: `answers.${questionId}.${i}`,
          message: `Option ${option} does not exist`,
        });
      }
    });
    if (new Set(chosen).size !== chosen.length) {
      details.push({ path: `answers.${questionId}`, message: 'An option is chosen twice' });
    }
  }
  if (details.length > 0) throw invalidArgument('Some answers do not fit this quiz', details);

  const results = quiz.questions.map((q) => {
    const expected = [...(key[q.id] ?? [])].sort((a, b) => a - b);
    const given = [...(answers[q.id] ?? [])].sort((a, b) => a - b);
    const correct = expected.length === given.length && expected.every((v, i) => v === given[i]);
    return { question_id: q.id, correct };
  });
  const score = results.filter((r) => r.correct).length;
  return { score, max_score: results.length, percentage: percent(score, results.length), results };
}

export interface QuizRules {
  passing_score: number;
  policy: QuizDoc['policy'];
  max_attempts: number | null;
}

/** Attempts still allowed after `used` of them (null: unlimited). */
export function attemptsLeft(used: number, rules: QuizRules): number | null {
  if (rules.max_attempts === null) return null;
  return Math.max(0, rules.max_attempts - used);
}

/**
 * Records one attempt and decides, by the quiz's policy, which attempt counts and whether it
 * passes. `used` is every attempt made before this one, including those before a reset: a reset
 * clears progress, never the attempts a learner spent.
 */
export function applyAttempt(
  state: QuizState | null,
  attempt: { score: number; max_score: number; percentage: number },
  rules: QuizRules,
  now: Timestamp,
  used = state?.attempts ?? 0,
): QuizState {
  if (attemptsLeft(used, rules) === 0) {
    throw failedPrecondition(`No attempts left: this quiz allows ${rules.max_attempts}`);
  }
  const first = state === null;
  const counts =
    rules.policy === 'latest' ||
    first ||
    (rules.policy === 'highest' && attempt.percentage > (state?.counted_percentage ?? 0));
  const counted = counts
    ? {
        counted_percentage: attempt.percentage,
        counted_score: attempt.score,
        counted_max_score: attempt.max_score,
      }
    : {
        counted_percentage: state.counted_percentage,
        counted_score: state.counted_score,
        counted_max_score: state.counted_max_score,
      };
  const passed = counted.counted_percentage >= rules.passing_score;
  return {
    attempts: used + 1,
    first_percentage: state?.first_percentage ?? attempt.percentage,
    latest_percentage: attempt.percentage,
    best_percentage: Math.max(state?.best_percentage ?? 0, attempt.percentage),
    ...counted,
    passed,
    passed_at: passed ? (state?.passed ? state.passed_at : now) : null,
    last_attempt_at: now,
  };
}

/**
 * Whether an attempt's answer may show the correct options. By default never: a key revealed
 * to anyone (a throwaway account included) is a key every learner can use. Authors can choose to
 * reveal it once this learner passed, or once they have no attempts left.
 */
export function mayRevealAnswers(
  setting: QuizDoc['reveal_answers'] | undefined,
  state: QuizState,
  rules: QuizRules,
): boolean {
  if (setting === 'after_passing') return state.passed;
  if (setting === 'after_final_attempt')
    return state.passed || attemptsLeft(state.attempts, rules) === 0;
  return false;
}

/** The same answers (or the same reported score) give the same fingerprint. */
export function attemptFingerprint(body: {
  answers?: Record<string, number[]> | undefined;
  score?: number | undefined;
  max_score?: number | undefined;
}): string {
  const canonical = body.answers
    ? Object.keys(body.answers)
        .sort()
        .map((q) => [q, [...(body.answers?.[q] ?? [])].sort((a, b) => a - b)])
    : [body.score ?? null, body.max_score ?? null];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32);
}
