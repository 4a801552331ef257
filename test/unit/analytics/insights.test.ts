import { aiInsights } from '../../../shared/analytics/insights';
import type { PerformanceSummary } from '../../../shared/analytics/performance';

const performance: PerformanceSummary = {
  lessons_completed: 15,
  avg_quiz_score: 78.5,
  quiz_attempts: 10,
  completion_rate: 0.75,
  study_hours: 12,
  current_streak: 5,
  active_days: 12,
  performance_trend: 'improving',
};
const engagement = {
  peak_study_hours: [20, 9],
  preferred_days: ['monday', 'wednesday'] as const,
  avg_session_minutes: 35,
  sessions: 14,
};
const pace = {
  learning_pace: 'on_track' as const,
  last_7_days_hours: 4,
  weekly_target_hours: 4,
  target_source: 'preference' as const,
};

describe('AI insights', () => {
  it('builds seed 003’s insights from the numbers', () => {
    expect(
      aiInsights({
        performance,
        engagement: { ...engagement, preferred_days: [...engagement.preferred_days] },
        struggling: [
          { skill: 'async_programming', avg_score: 45, attempts: 2, difficulty: 'needs_help' },
        ],
        pace,
      }),
    ).toEqual({
      learning_pace: 'on_track',
      performance_trend: 'improving',
      personalized_message:
        "🔥 Great 5-day streak! Your performance is improving - you're mastering the material! Focus on async_programming - we've prepared revision content for you.",
      strengths: ['Excellent study discipline', 'Improving quiz scores'],
      areas_for_improvement: ['async_programming'],
      study_recommendation: 'You learn best on monday, wednesday around 20:00',
    });
  });

  it('encourages a learner with no activity yet, and flags decline and falling behind', () => {
    const idle = aiInsights({
      performance: {
        ...performance,
        lessons_completed: 0,
        avg_quiz_score: null,
        current_streak: 0,
        active_days: 0,
        performance_trend: 'stable',
      },
      engagement: { peak_study_hours: [], preferred_days: [], avg_session_minutes: 0, sessions: 0 },
      struggling: [],
      pace: { ...pace, learning_pace: 'behind' },
    });
    expect(idle.personalized_message).toBe('Start a lesson today to build your learning streak!');
    expect(idle.strengths).toEqual([]);
    expect(idle.areas_for_improvement).toEqual([]);
    expect(idle.study_recommendation).toBe('Study at the same time each day to build a routine');
    const slipping = aiInsights({
      performance: {
        ...performance,
        avg_quiz_score: 85,
        current_streak: 1,
        performance_trend: 'declining',
      },
      engagement: { ...engagement, preferred_days: ['friday'] },
      struggling: [],
      pace: { ...pace, learning_pace: 'behind' },
    });
    expect(slipping.personalized_message).toBe(
      'Consider reviewing recent topics to strengthen your foundation.',
    );
    expect(slipping.strengths).toEqual(['Strong quiz performance']);
    expect(slipping.areas_for_improvement).toEqual(['Regular study time', 'Recent quiz scores']);
  });
});
