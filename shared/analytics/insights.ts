import type { EngagementPatterns } from './engagement';
import { studyRecommendation } from './engagement';
import type { PaceAnalysis } from './pace';
import type { PerformanceSummary } from './performance';
import type { StrugglingTopic } from './struggling';

/** Seed 003's `ai_insights`: rule-based sentences over the analytics, each traceable to a number. */

export interface AiInsights {
  learning_pace: PaceAnalysis['learning_pace'];
  performance_trend: PerformanceSummary['performance_trend'];
  personalized_message: string;
  strengths: string[];
  areas_for_improvement: string[];
  study_recommendation: string;
}

const STRONG_SCORE = 80;
const DISCIPLINED_STREAK = 5;
const CELEBRATED_STREAK = 3;

export function aiInsights(input: {
  performance: PerformanceSummary;
  engagement: EngagementPatterns;
  struggling: readonly StrugglingTopic[];
  pace: PaceAnalysis;
}): AiInsights {
  const { performance: p, engagement, struggling, pace } = input;
  const strengths: string[] = [];
  if (p.avg_quiz_score !== null && p.avg_quiz_score >= STRONG_SCORE)
    strengths.push('Strong quiz performance');
  if (p.current_streak >= DISCIPLINED_STREAK) strengths.push('Excellent study discipline');
  if (p.performance_trend === 'improving') strengths.push('Improving quiz scores');
  if (p.lessons_completed >= 3 && p.completion_rate >= 0.8)
    strengths.push('Finishes what they start');
  if (pace.learning_pace === 'ahead') strengths.push('Ahead of the study plan');

  const areas = struggling.map((t) => t.skill);
  if (pace.learning_pace === 'behind' && p.active_days > 0) areas.push('Regular study time');
  if (p.performance_trend === 'declining') areas.push('Recent quiz scores');

  const parts: string[] = [];
  if (p.current_streak >= CELEBRATED_STREAK) parts.push(`🔥 Great ${p.current_streak}-day streak!`);
  if (p.performance_trend === 'improving')
    parts.push("Your performance is improving - you're mastering the material!");
  if (p.performance_trend === 'declining')
    parts.push('Consider reviewing recent topics to strengthen your foundation.');
  const weakest = struggling[0];
  if (weakest) parts.push(`Focus on ${weakest.skill} - we've prepared revision content for you.`);
  if (parts.length === 0)
    parts.push(
      p.active_days === 0
        ? 'Start a lesson today to build your learning streak!'
        : 'Keep up the steady work - every session counts!',
    );

  return {
    learning_pace: pace.learning_pace,
    performance_trend: p.performance_trend,
    personalized_message: parts.join(' '),
    strengths,
    areas_for_improvement: areas,
    study_recommendation:
      studyRecommendation(engagement) ?? 'Study at the same time each day to build a routine',
  };
}
