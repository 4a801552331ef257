import { z } from 'zod';

/** `/api/v1/instructor/pathways/{pathway_id}/insights…`: query and responses. */

export const InsightsQuerySchema = z.strictObject({
  /** The window of the time-based figures (reviews decided, uploads), in UTC days ending today. */
  window_days: z.coerce.number().int().min(1).max(90).default(30),
});
export type InsightsQuery = z.infer<typeof InsightsQuerySchema>;

const Share = z.number().min(0).max(1).nullable();
const Count = z.number().int().min(0);

export const ReviewMetricsSchema = z.object({
  pending: Count,
  oldest_pending_hours: z.number().min(0).nullable(),
  reviewed: Count,
  approved: Count,
  rejected: Count,
  approval_rate: Share,
  time_to_review_hours: z.object({
    p50: z.number().min(0).nullable(),
    p90: z.number().min(0).nullable(),
    reviews: Count,
    /** False when only the window's latest reviews were read (see `reviews`). */
    complete: z.boolean(),
  }),
});

export const UploadMetricsSchema = z.object({
  files: Count,
  files_per_day: z.array(z.object({ date: z.string(), files: Count })),
  average_files_per_day: z.number().min(0),
  total_bytes: z.number().min(0),
  average_bytes: z.number().min(0).nullable(),
  opened: Count,
  succeeded: Count,
  failed: Count,
  in_flight: Count,
  success_rate: Share,
});

const Window = {
  pathway_id: z.string(),
  window_days: z.number().int(),
  since: z.string(),
  generated_at: z.string(),
};

export const ReviewInsightsSchema = z.object({ ...Window, reviews: ReviewMetricsSchema });
export const UploadInsightsSchema = z.object({ ...Window, uploads: UploadMetricsSchema });

export const PathwayInsightsSchema = z.object({
  ...Window,
  title: z.string(),
  enrollments: z.object({ total: Count, started: Count, completed: Count, completion_rate: Share }),
  funnel: z.array(
    z.object({
      step: z.enum(['enrolled', 'started', 'module', 'completed']),
      module_id: z.string().nullable(),
      label: z.string(),
      learners: Count,
      rate: Share,
      drop_off: z.number().nullable(),
    }),
  ),
  completion_by_resource_type: z.array(
    z.object({
      type: z.string(),
      resources: Count,
      completions: Count,
      possible: Count,
      rate: Share,
    }),
  ),
  time_per_resource: z.object({
    /** Enrolments read (the most recently active, at most 500); `complete` when that is all. */
    enrollments_read: Count,
    complete: z.boolean(),
    resources: z.array(
      z.object({
        resource_id: z.string(),
        module_id: z.string(),
        title: z.string(),
        type: z.string(),
        expected_minutes: z.number().min(0),
        learners: Count,
        median_minutes: z.number().min(0).nullable(),
      }),
    ),
  }),
  at_risk: z.object({
    learners: z.array(
      z.object({
        user_id: z.string(),
        reasons: z.array(
          z.object({
            code: z.enum(['repeated_failures', 'time_over_norm', 'rewinds', 'stalled']),
            resource_id: z.string(),
            resource_title: z.string(),
            sentence: z.string(),
          }),
        ),
      }),
    ),
    /** True when more learners have open struggling recommendations than were examined. */
    more: z.boolean(),
  }),
  quiz_items: z.array(
    z.object({
      resource_id: z.string(),
      title: z.string(),
      items: z.array(
        z.object({
          question_id: z.string(),
          prompt: z.string(),
          answers: Count,
          correct: Count,
          share_correct: Share,
          band: z.enum(['hard', 'medium', 'easy']).nullable(),
        }),
      ),
    }),
  ),
  reviews: ReviewMetricsSchema,
  uploads: UploadMetricsSchema,
});

export const InsightPathwaysSchema = z.object({
  pathways: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      /** Why the caller reads its insights. */
      role: z.enum(['admin', 'owner', 'co_instructor', 'reviewer']),
    }),
  ),
  next_page_token: z.string().nullable(),
});
