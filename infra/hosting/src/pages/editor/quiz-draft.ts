import { numberOrNull } from './form-values';
import type { EditorQuestion } from './types';

/** Pure rules of the quiz editor: drafts of questions, and the quiz body the API takes. */

/** A question being edited; `key` keeps its inputs attached to it while questions move. */
export interface QuestionDraft {
  key: number;
  id: string | undefined;
  prompt: string;
  options: string[];
  /** Indexes of the correct options: the answer key. */
  correct: number[];
  skills: string[] | undefined;
  difficulty: number | undefined;
}

/** The quiz's settings as typed (numbers as the text of their boxes). */
export interface QuizSettings {
  passing_score: string;
  max_attempts: string;
  policy: string;
  reveal_answers: string;
}

let nextKey = 1;

/** A draft of a stored question, or of a new one (two empty options). */
export function draftOf(q: Partial<EditorQuestion>): QuestionDraft {
  return {
    key: nextKey++,
    id: q.id,
    prompt: q.prompt ?? '',
    options: q.options ?? ['', ''],
    correct: q.correct ?? [],
    skills: q.skills,
    difficulty: q.difficulty,
  };
}

/** The question without option `index`; the key names options by index, so later ones shift. */
export function withoutOption(
  q: QuestionDraft,
  index: number,
): Pick<QuestionDraft, 'options' | 'correct'> {
  return {
    options: q.options.filter((_o, j) => j !== index),
    correct: q.correct.filter((c) => c !== index).map((c) => (c > index ? c - 1 : c)),
  };
}

/**
 * The quiz as the API takes it. A question without a correct option goes without a key, so the
 * API can say that a quiz is keyed on every question or on none.
 */
export function quizBody(settings: QuizSettings, questions: readonly QuestionDraft[]) {
  return {
    passing_score: numberOrNull(settings.passing_score),
    policy: settings.policy,
    max_attempts: numberOrNull(settings.max_attempts),
    reveal_answers: settings.reveal_answers,
    questions: questions.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      prompt: q.prompt,
      options: q.options,
      ...(q.correct.length > 0 ? { correct: [...q.correct].sort((a, b) => a - b) } : {}),
      ...(q.skills ? { skills: q.skills } : {}),
      ...(q.difficulty !== undefined ? { difficulty: q.difficulty } : {}),
    })),
  };
}
