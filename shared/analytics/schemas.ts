import { z } from 'zod';
import { WEEKDAYS } from './weekdays';

/** `GET /api/v1/ai/dashboard` (seed 003) and the learner's analytics, request and response. */

export const DashboardQuerySchema = z.strictObject({
  /** The window, in the learner's local days ending today (seed 003: 30). */
  days: z.coerce.number().int().min(7).max(90).default(30),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

const Trend = z.enum(['improving', 'declining', 'stable']);
const Pace = z.enum(['ahead', 'on_track', 'behind']);

export const PerformanceSummarySchema = z.object({
  lessons_completed: z.number().int().min(0),
  avg_quiz_score: z.number().min(0).max(100).nullable(),
  quiz_attempts: z.number().int().min(0),
  completion_rate: z.number().min(0).max(1),
  study_hours: z.number().min(0),
  current_streak: z.number().int().min(0),
  active_days: z.number().int().min(0),
  performance_trend: Trend,
});

const GoalSchema = z.object({
  goal_id: z.string(),
  title: z.string(),
  targets: z.array(z.object({ skill_id: z.string(), target_level: z.number().int() })),
  deadline: z.string().nullable(),
  status: z.enum(['active', 'achieved', 'archived']),
  set_at: z.string(),
});

const NextLessonSchema = z.object({
  lesson_id: z.string(),
  title: z.string(),
  reason: z.string(),
  estimated_minutes: z.number().nullable(),
  pathway_id: z.string().nullable(),
  recommendation_id: z.string(),
});

const RevisionSchema = z.object({
  resource_id: z.string(),
  pathway_id: z.string(),
  module_id: z.string().nullable(),
  skill: z.string().nullable(),
  recent_score: z.number(),
  reason: z.string(),
});

const StrugglingTopicSchema = z.object({
  skill: z.string(),
  avg_score: z.number(),
  attempts: z.number().int(),
  difficulty: z.enum(['needs_help', 'needs_practice']),
});

export const DashboardSchema = z.object({
  performance_summary: PerformanceSummarySchema,
  current_goals: z.array(GoalSchema),
  recommended_next_lessons: z.array(NextLessonSchema),
  revision_recommendations: z.array(RevisionSchema),
  struggling_topics: z.array(StrugglingTopicSchema),
  ai_insights: z.object({
    learning_pace: Pace,
    performance_trend: Trend,
    personalized_message: z.string(),
    strengths: z.array(z.string()),
    areas_for_improvement: z.array(z.string()),
    study_recommendation: z.string(),
  }),
});

/** `GET /api/v1/ai/analytics`: seed 003's learning_analytics functions over the same window. */
export const LearningAnalyticsSchema = z.object({
  window: z.object({
    days: z.number().int(),
    first_day: z.string(),
    today: z.string(),
    timezone: z.string(),
  }),
  performance_summary: PerformanceSummarySchema,
  engagement_patterns: z.object({
    peak_study_hours: z.array(z.number().int().min(0).max(23)),
    preferred_days: z.array(z.enum(WEEKDAYS)),
    avg_session_minutes: z.number().min(0),
    sessions: z.number().int().min(0),
  }),
  struggling_topics: z.array(StrugglingTopicSchema),
  learning_pace: z.object({
    learning_pace: Pace,
    last_7_days_hours: z.number(),
    weekly_target_hours: z.number().nullable(),
    target_source: z.enum(['preference', 'history', 'none']),
  }),
  /**
   * The weekly job's stored adjustment for the learner's current ISO week (`week`, `made_at`),
   * or, before the job has made it, the adjustment the seven days ending today suggest (both null).
   */
  weekly_adjustment: z.object({
    week: z.string().nullable(),
    week_ending: z.string(),
    adjustments: z.array(
      z.object({
        action: z.enum(['add_revision', 'reduce_load', 'increase_challenge']),
        reason: z.string(),
        skills: z.array(z.string()),
      }),
    ),
    made_at: z.string().nullable(),
  }),
});
