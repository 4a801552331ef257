import { difficultyRank, type PathwayDifficulty } from './skills';

/**
 * Seed 003's `adjust_difficulty`: from the mean of the latest quiz scores (at least three), one
 * band up after excellent work, one down after poor work, with the sentence that says so.
 */

export const EXCELLENT_FROM = 90;
export const POOR_BELOW = 50;

const pct = (x: number) => `${Math.round(x)}%`;

export function adjustDifficulty(
  current: PathwayDifficulty,
  recentPercentages: readonly number[],
): { new_difficulty: PathwayDifficulty; explanation: string } {
  const order: PathwayDifficulty[] = ['beginner', 'intermediate', 'advanced'];
  if (recentPercentages.length < 3)
    return { new_difficulty: current, explanation: 'Not enough recent quizzes to judge' };
  const mean = recentPercentages.reduce((s, x) => s + x, 0) / recentPercentages.length;
  const rank = difficultyRank[current];
  if (mean >= EXCELLENT_FROM)
    return rank < 2
      ? {
          new_difficulty: order[rank + 1] as PathwayDifficulty,
          explanation: `Excellent performance (${pct(mean)}) - increasing challenge`,
        }
      : {
          new_difficulty: current,
          explanation: `Excellent performance (${pct(mean)}) - already at the most challenging level`,
        };
  if (mean < POOR_BELOW)
    return rank > 0
      ? {
          new_difficulty: order[rank - 1] as PathwayDifficulty,
          explanation: `Low performance (${pct(mean)}) - easing the difficulty`,
        }
      : {
          new_difficulty: current,
          explanation: `Low performance (${pct(mean)}) - staying with beginner material`,
        };
  return {
    new_difficulty: current,
    explanation: `Steady performance (${pct(mean)}) - keeping the difficulty`,
  };
}
