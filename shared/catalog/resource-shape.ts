import { invalidArgument } from '../errors';
import type { QuizDoc, QuizKeyDoc } from './model';
import type { QuizInput } from './quiz-schemas';
import type { ResourceType } from './schemas';

/** Pure rules about what a resource of each type may hold. */

/** Uploads belong to exercises and projects; quizzes to quiz resources. */
export function checkResourceShape(
  type: ResourceType,
  settings: { requires_upload: boolean; accepted_file_types: string[] | null; quiz: unknown },
): void {
  if (settings.requires_upload && type !== 'exercise' && type !== 'project') {
    throw invalidArgument('Only exercises and projects take uploads', [
      { path: 'requires_upload', message: `A ${type} cannot require an upload` },
    ]);
  }
  if (settings.requires_upload && !settings.accepted_file_types?.length) {
    throw invalidArgument('An upload resource needs accepted_file_types', [
      { path: 'accepted_file_types', message: 'Required when requires_upload is true' },
    ]);
  }
  if (settings.quiz && type !== 'quiz') {
    throw invalidArgument('Only quiz resources hold a quiz', [
      { path: 'quiz', message: `A ${type} cannot hold a quiz` },
    ]);
  }
}

/** The settings a quiz resource starts with when it is created without any. */
export const DEFAULT_QUIZ: QuizInput = {
  passing_score: 70,
  policy: 'highest',
  max_attempts: null,
  reveal_answers: 'never',
  questions: [],
};

/**
 * Splits a quiz as an author writes it into what learners may read (questions and options) and
 * the answer key, which lives in its own document. A quiz is keyed only when every question is.
 */
export function splitQuiz(
  pathwayId: string,
  quiz: QuizInput,
): { doc: QuizDoc; key: QuizKeyDoc | null } {
  const questions = quiz.questions.map((q, i) => ({ ...q, id: q.id ?? `q${i + 1}` }));
  const hasKey = questions.length > 0 && questions.every((q) => q.correct !== undefined);
  return {
    doc: {
      passing_score: quiz.passing_score,
      policy: quiz.policy,
      max_attempts: quiz.max_attempts,
      reveal_answers: quiz.reveal_answers,
      questions: questions.map((q) => ({
        id: q.id,
        prompt: q.prompt,
        options: q.options,
        ...(q.skills ? { skills: q.skills } : {}),
        ...(q.difficulty !== undefined ? { difficulty: q.difficulty } : {}),
      })),
      has_answer_key: hasKey,
    },
    key: hasKey
      ? {
          pathway_id: pathwayId,
          answers: Object.fromEntries(
            questions.map((q) => [q.id, [...(q.correct ?? [])].sort((a, b) => a - b)]),
          ),
        }
      : null,
  };
}
