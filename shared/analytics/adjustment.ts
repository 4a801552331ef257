import type { DayBucket } from './bucket';
import { learningPace } from './pace';
import { performanceTrend } from './performance';
import { strugglingTopics, STRUGGLE_THRESHOLD } from './struggling';
import { addDays } from './time';

/** Seed 003 `weekly_path_adjustment(user_id)`, pure: what to change in the coming week, and why. */

/** Mean score over the week from which the learner is ready for harder material. */
export const CHALLENGE_FROM = 85;
const CHALLENGE_MIN_ATTEMPTS = 3;

export type AdjustmentAction = 'add_revision' | 'reduce_load' | 'increase_challenge';

export interface Adjustment {
  action: AdjustmentAction;
  reason: string;
  /** The skills a revision covers; empty for the other actions. */
  skills: string[];
}

export interface WeeklyAdjustment {
  /** The Monday-to-Sunday week it was made for: the seven days ending `today`. */
  week_ending: string;
  adjustments: Adjustment[];
}

/**
 * Revision for every skill that averaged below the threshold this week; a lighter load when the
 * learner fell behind their weekly target or their scores are declining; more challenge when
 * the week's quizzes averaged CHALLENGE_FROM or better with nothing to revise.
 */
export function weeklyAdjustment(
  days: readonly DayBucket[],
  input: { today: string; windowDays: number; weeklyTargetHours: number | null },
): WeeklyAdjustment {
  const weekStart = addDays(input.today, -6);
  const week = days.filter((d) => d.date >= weekStart && d.date <= input.today);
  const adjustments: Adjustment[] = strugglingTopics(week, STRUGGLE_THRESHOLD).map((t) => ({
    action: 'add_revision',
    reason: `Review ${t.skill} - average quiz score ${t.avg_score}% this week`,
    skills: [t.skill],
  }));
  const pace = learningPace(days, input);
  const trend = performanceTrend(days);
  if (pace.learning_pace === 'behind' && pace.weekly_target_hours !== null) {
    adjustments.push({
      action: 'reduce_load',
      reason: `Studied ${pace.last_7_days_hours} h of a ${pace.weekly_target_hours} h weekly target - fewer new lessons this week`,
      skills: [],
    });
  } else if (trend === 'declining') {
    adjustments.push({
      action: 'reduce_load',
      reason: 'Quiz scores are declining - consolidating before new material',
      skills: [],
    });
  }
  const attempts = week.reduce((n, d) => n + d.quiz.attempts, 0);
  const mean =
    attempts === 0 ? 0 : week.reduce((n, d) => n + d.quiz.score_centis, 0) / attempts / 100;
  if (adjustments.length === 0 && attempts >= CHALLENGE_MIN_ATTEMPTS && mean >= CHALLENGE_FROM) {
    adjustments.push({
      action: 'increase_challenge',
      reason: `Excellent performance (${Math.round(mean)}%) - increasing challenge`,
      skills: [],
    });
  }
  return { week_ending: input.today, adjustments };
}
