import { z } from 'zod';
import { QuizPolicySchema } from '../catalog/quiz-schemas';
import { ResourceTypeSchema } from '../catalog/schemas';
import { IsoDateTime, multiLineText } from '../schemas/common';
import { SubmissionBriefSchema } from '../submissions/schemas';
import { ResourceStatusSchema } from './status';

const Percentage = z
  .number()
  .min(0, 'Must be between 0 and 100')
  .max(100, 'Must be between 0 and 100');
/** Time a learner reports on one resource: at most a week, whatever a client claims. */
export const MinutesSchema = z.number().min(0, 'Cannot be negative').max(10_080, 'At most a week');
export const SecondsSchema = z.number().min(0, 'Cannot be negative').max(604_800, 'At most a week');
const Notes = multiLineText(5000);

// ---------- requests ----------

export const StartBodySchema = z.strictObject({ notes: Notes.optional() });

export const ProgressBodySchema = z
  .strictObject({
    progress_percentage: Percentage.optional(),
    time_spent_minutes: MinutesSchema.optional(),
    status: z.enum(['in_progress', 'completed']).optional(),
    notes: Notes.optional(),
    last_position_seconds: SecondsSchema.optional(),
    watch_time_seconds: SecondsSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to record');

export const QuizAttemptBodySchema = z
  .strictObject({
    /** Chosen option indexes per question id: for quizzes with an answer key. */
    answers: z
      .record(z.string().min(1).max(40), z.array(z.number().int().min(0)).max(20))
      .optional(),
    /** A score the client computed: only for quizzes without an answer key. */
    score: z.number().min(0).optional(),
    max_score: z.number().positive().optional(),
  })
  .superRefine((v, ctx) => {
    const reported = v.score !== undefined || v.max_score !== undefined;
    if (v.answers === undefined && !reported) {
      ctx.addIssue({
        code: 'custom',
        path: ['answers'],
        message: 'Give answers (or score and max_score)',
      });
    }
    if (v.answers !== undefined && reported) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: 'Give answers or a score, not both',
      });
    }
    if (reported && (v.score === undefined || v.max_score === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.score === undefined ? 'score' : 'max_score'],
        message: 'score and max_score go together',
      });
    }
    if (v.score !== undefined && v.max_score !== undefined && v.score > v.max_score) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: 'Cannot exceed max_score' });
    }
  });
export type QuizAttemptBody = z.output<typeof QuizAttemptBodySchema>;

// ---------- responses (seed 000) ----------

export const StartResponseSchema = z.object({
  resource_id: z.string(),
  status: ResourceStatusSchema,
  started_at: IsoDateTime.nullable(),
});

export const ProgressResponseSchema = z.object({
  resource_id: z.string(),
  status: ResourceStatusSchema,
  progress_percentage: z.number(),
  time_spent_minutes: z.number(),
  completed_at: IsoDateTime.nullable(),
  module_progress: z.number(),
  module_completed: z.boolean(),
  pathway_progress: z.number(),
});

export const CompleteResponseSchema = z.object({
  resource_id: z.string(),
  status: ResourceStatusSchema,
  completed_at: IsoDateTime.nullable(),
  module_progress: z.number(),
  pathway_progress: z.number(),
  module_completed: z.boolean(),
  pathway_completed: z.boolean(),
});

const QuizProgressSchema = z.object({
  attempts: z.number().int(),
  attempts_remaining: z.number().int().nullable(),
  counted_percentage: z.number(),
  best_percentage: z.number(),
  latest_percentage: z.number(),
  passing_score: z.number(),
  policy: QuizPolicySchema,
  passed: z.boolean(),
  passed_at: IsoDateTime.nullable(),
});

export const ResourceProgressItemSchema = z.object({
  resource_id: z.string(),
  type: ResourceTypeSchema,
  title: z.string(),
  required: z.boolean(),
  status: ResourceStatusSchema,
  progress_percentage: z.number(),
  time_spent_minutes: z.number(),
  started_at: IsoDateTime.nullable(),
  completed_at: IsoDateTime.nullable(),
  last_position_seconds: z.number().nullable().optional(),
  watch_time_seconds: z.number().nullable().optional(),
  submission_count: z.number().int().optional(),
  submissions: z.array(SubmissionBriefSchema).optional(),
  quiz: QuizProgressSchema.optional(),
});

export const ModuleProgressSchema = z.object({
  module_id: z.string(),
  title: z.string(),
  module_progress: z.number(),
  completed: z.boolean(),
  completed_at: IsoDateTime.nullable(),
  required_count: z.number().int().nullable(),
  done: z.number().int(),
  target: z.number().int(),
  resources: z.array(ResourceProgressItemSchema),
});

const CompletionFields = {
  outline_version: z.number().int(),
  completed_at: IsoDateTime.nullable(),
  completed_on_version: z.number().int().nullable(),
  /** Completed once, and content added since then left new required work. */
  has_new_content: z.boolean(),
};

export const PathwayProgressSchema = z.object({
  user_id: z.string(),
  pathway_id: z.string(),
  enrolled: z.boolean(),
  pathway_progress: z.number(),
  completed_modules: z.number().int(),
  total_modules: z.number().int(),
  total_time_spent_minutes: z.number(),
  started_at: IsoDateTime.nullable(),
  last_accessed_at: IsoDateTime.nullable(),
  current_module_id: z.string().nullable(),
  current_resource_id: z.string().nullable(),
  ...CompletionFields,
  modules: z.array(ModuleProgressSchema.omit({ required_count: true })),
});

export const ResourceProgressSchema = z.object({
  user_id: z.string(),
  resource_id: z.string(),
  pathway_id: z.string(),
  module_id: z.string(),
  resource: z.object({ type: ResourceTypeSchema, title: z.string(), requires_upload: z.boolean() }),
  status: ResourceStatusSchema,
  progress_percentage: z.number(),
  time_spent_minutes: z.number(),
  started_at: IsoDateTime.nullable(),
  completed_at: IsoDateTime.nullable(),
  last_viewed_at: IsoDateTime.nullable(),
  view_count: z.number().int(),
  notes: z.string().nullable(),
  last_position_seconds: z.number().nullable(),
  watch_time_seconds: z.number().nullable(),
  submission_required: z.boolean(),
  submission_count: z.number().int(),
  submissions: z.array(SubmissionBriefSchema),
  quiz: QuizProgressSchema.nullable(),
  module_progress: z.number(),
  pathway_progress: z.number(),
});

// ---------- responses (seed 004 in the same model) ----------

export const EnrollmentSummarySchema = z.object({
  pathway_id: z.string(),
  user_id: z.string(),
  total_resources: z.number().int(),
  completed_resources: z.number().int(),
  in_progress_resources: z.number().int(),
  not_started_resources: z.number().int(),
  completion_percentage: z.number(),
  current_module_id: z.string().nullable(),
  current_resource_id: z.string().nullable(),
  last_activity_at: IsoDateTime.nullable(),
  ...CompletionFields,
});

export const EnrollmentItemSchema = z.object({
  pathway_id: z.string(),
  title: z.string(),
  enrolled_at: IsoDateTime,
  started_at: IsoDateTime.nullable(),
  last_accessed_at: IsoDateTime.nullable(),
  pathway_progress: z.number(),
  completed_modules: z.number().int(),
  total_modules: z.number().int(),
  current_module_id: z.string().nullable(),
  current_resource_id: z.string().nullable(),
  ...CompletionFields,
});

export const EnrollResponseSchema = EnrollmentItemSchema.extend({ created: z.boolean() });

export const EnrollmentListSchema = z.object({
  enrollments: z.array(EnrollmentItemSchema),
  next_page_token: z.string().nullable(),
});

export const ModuleProgressResponseSchema = ModuleProgressSchema.extend({
  pathway_id: z.string(),
  user_id: z.string(),
});

export const QuizAttemptResponseSchema = z.object({
  attempt_id: z.string(),
  attempt_number: z.number().int(),
  /** True when the same answers came again within a minute: the earlier attempt, not a new one. */
  duplicate: z.boolean(),
  resource_id: z.string(),
  score: z.number(),
  max_score: z.number(),
  percentage: z.number(),
  passed: z.boolean(),
  results: z.array(
    z.object({
      question_id: z.string(),
      correct: z.boolean(),
      correct_options: z.array(z.number().int()).optional(),
    }),
  ),
  quiz: QuizProgressSchema,
  status: ResourceStatusSchema,
  module_progress: z.number(),
  pathway_progress: z.number(),
});

export const ResetResponseSchema = z.object({
  pathway_id: z.string(),
  user_id: z.string(),
  reset: z.literal(true),
  cleared: z.object({
    resources: z.number().int(),
    completed_resources: z.number().int(),
    /** Always 0: attempts are history, never cleared (see `kept`). */
    quiz_attempts: z.number().int(),
    time_spent_minutes: z.number(),
    pathway_completed: z.boolean(),
  }),
  kept: z.object({ quiz_attempts: z.number().int() }),
});

export const RepairQuerySchema = z.object({
  dry_run: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const RepairResponseSchema = z.object({
  enrollment_id: z.string(),
  outline_version: z.number().int(),
  differences: z.array(z.object({ path: z.string(), stored: z.unknown(), computed: z.unknown() })),
  repaired: z.boolean(),
});
