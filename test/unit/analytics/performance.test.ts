import { replay } from '../../../shared/analytics/replay';
import { performanceSummary, performanceTrend } from '../../../shared/analytics/performance';
import type { LearnerEvent } from '../../../shared/learner/events';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');
const daysOf = (events: LearnerEvent[], zone = 'UTC') =>
  Object.values(replay('u1', events, zone).days);

describe('the performance summary', () => {
  it('counts lessons, quiz scores, completion, study time and the streak of the window', () => {
    const events = [
      s.started('2026-01-13T10:00:00Z', 'r1'),
      s.progressed('2026-01-13T10:20:00Z', 20, 'r1'),
      s.completed('2026-01-13T10:21:00Z', 'r1'),
      s.started('2026-01-14T10:00:00Z', 'r2'),
      s.started('2026-01-14T10:05:00Z', 'r3'),
      s.completed('2026-01-14T10:30:00Z', 'r2'),
      s.quiz('2026-01-14T11:30:00Z', 70),
      s.quiz('2026-01-15T09:00:00Z', 85),
      s.started('2026-01-15T09:10:00Z', 'r4'),
    ];
    const { summary } = replay('u1', events, 'UTC');
    expect(performanceSummary(daysOf(events), summary, '2026-01-15')).toEqual({
      lessons_completed: 2,
      avg_quiz_score: 77.5,
      quiz_attempts: 2,
      completion_rate: 0.5,
      // 21 minutes on the 13th, 30 + a single event on the 14th, 10 minutes on the 15th.
      study_hours: Math.round(((21 + 30 + 10) / 60) * 100) / 100,
      current_streak: 3,
      active_days: 3,
      performance_trend: 'improving',
    });
  });

  it('reports no average without quizzes and no completion without lessons', () => {
    const events = [s.viewed('2026-01-15T10:00:00Z')];
    const summary = performanceSummary(
      daysOf(events),
      replay('u1', events, 'UTC').summary,
      '2026-01-20',
    );
    expect(summary).toMatchObject({
      avg_quiz_score: null,
      completion_rate: 0,
      current_streak: 0,
      performance_trend: 'stable',
    });
  });

  it('calls a trend only when the later half of quiz days differs by five points or more', () => {
    const quizzes = (scores: number[]) =>
      daysOf(
        scores.map((score, i) =>
          s.quiz(`2026-01-${String(10 + i).padStart(2, '0')}T10:00:00Z`, score),
        ),
      );
    expect(performanceTrend(quizzes([60, 62, 70, 71]))).toBe('improving');
    expect(performanceTrend(quizzes([80, 78, 70, 72]))).toBe('declining');
    expect(performanceTrend(quizzes([70, 74, 72, 71]))).toBe('stable');
    expect(performanceTrend(quizzes([40]))).toBe('stable');
    // An odd count compares the outer halves and leaves the middle day out.
    expect(performanceTrend(quizzes([50, 100, 56]))).toBe('improving');
  });
});
