import { share } from './stats';

/**
 * Quiz item difficulty, pure: classical item analysis's p-value, the share of scored answers to
 * the item that were correct. Below 0.3 an item is hard, above 0.8 easy (the usual bands).
 */

export const HARD_BELOW = 0.3;
export const EASY_ABOVE = 0.8;

export interface ItemCounts {
  correct: number;
  incorrect: number;
}

export interface ItemDifficulty {
  question_id: string;
  prompt: string;
  answers: number;
  correct: number;
  share_correct: number | null;
  band: 'hard' | 'medium' | 'easy' | null;
}

export function itemDifficulty(
  questions: readonly { id: string; prompt: string }[],
  counts: Readonly<Record<string, ItemCounts>>,
): ItemDifficulty[] {
  return questions.map((q) => {
    const c = counts[q.id] ?? { correct: 0, incorrect: 0 };
    const answers = c.correct + c.incorrect;
    const p = share(c.correct, answers);
    return {
      question_id: q.id,
      prompt: q.prompt,
      answers,
      correct: c.correct,
      share_correct: p,
      band: p === null ? null : p < HARD_BELOW ? 'hard' : p > EASY_ABOVE ? 'easy' : 'medium',
    };
  });
}
