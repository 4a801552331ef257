import { studySeconds, type DayBucket } from './bucket';
import { currentStreak, type AnalyticsSummary } from './summary';

/** Seed 003 `get_learner_performance_summary(user_id, days=30)`, pure, over a window's days. */

export type PerformanceTrend = 'improving' | 'declining' | 'stable';

/** Points of average quiz score between the window's halves that count as a trend. */
export const TREND_POINTS = 5;

export interface PerformanceSummary {
  lessons_completed: number;
  /** Mean quiz score (percent, one decimal) over the window's attempts; null without any. */
  avg_quiz_score: number | null;
  quiz_attempts: number;
  /** Lessons completed per lesson begun in the window (0–1). */
  completion_rate: number;
  study_hours: number;
  current_streak: number;
  active_days: number;
  performance_trend: PerformanceTrend;
}

const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

function meanScore(days: readonly DayBucket[]): number | null {
  const attempts = days.reduce((n, d) => n + d.quiz.attempts, 0);
  if (attempts === 0) return null;
  return days.reduce((n, d) => n + d.quiz.score_centis, 0) / attempts / 100;
}

/**
 * Improving or declining when the later half of the learner's quiz days scores at least
 * TREND_POINTS above or below the earlier half; stable otherwise, and with fewer than two days
 * of quizzes (no trend to see).
 */
export function performanceTrend(days: readonly DayBucket[]): PerformanceTrend {
  const quizDays = days
    .filter((d) => d.quiz.attempts > 0)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  if (quizDays.length < 2) return 'stable';
  const half = Math.floor(quizDays.length / 2);
  const earlier = meanScore(quizDays.slice(0, half)) as number;
  const later = meanScore(quizDays.slice(quizDays.length - half)) as number;
  if (later - earlier >= TREND_POINTS) return 'improving';
  if (earlier - later >= TREND_POINTS) return 'declining';
  return 'stable';
}

export function performanceSummary(
  days: readonly DayBucket[],
  summary: Pick<AnalyticsSummary, 'streak'>,
  today: string,
): PerformanceSummary {
  const sum = (f: (d: DayBucket) => number) => days.reduce((n, d) => n + f(d), 0);
  const lessons = sum((d) => d.lessons_completed);
  const begun = Math.max(
    sum((d) => d.started),
    lessons,
  );
  const mean = meanScore(days);
  return {
    lessons_completed: lessons,
    avg_quiz_score: mean === null ? null : round(mean, 1),
    quiz_attempts: sum((d) => d.quiz.attempts),
    completion_rate: begun === 0 ? 0 : round(lessons / begun, 2),
    study_hours: round(sum(studySeconds) / 3600, 2),
    current_streak: currentStreak(summary, today),
    active_days: days.filter((d) => d.activity_events > 0).length,
    performance_trend: performanceTrend(days),
  };
}
