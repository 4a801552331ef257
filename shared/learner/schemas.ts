// Over 300 lines: the request and response schemas of the learner model's APIs, one section each.
import { z } from 'zod';
import { DescriptionSchema, IsoDateTime, SlugSchema, TitleSchema } from '../schemas/common';
import { AnswersSchema, AssessmentQuestionSchema, AssessmentSchema } from './assessments';
import { LearnerEventSchema } from './events';
import { LevelSchema, SkillIdSchema } from './skills';

/** `GET /api/v1/users/me/events`: the caller's own stream, oldest first, paged. */
export const StoredEventSchema = z.intersection(
  LearnerEventSchema,
  z.object({ stored_at: z.string() }),
);

export const EventListSchema = z.object({
  events: z.array(StoredEventSchema),
  next_page_token: z.string().nullable(),
});

export const SkillParams = z.object({ skill_id: SkillIdSchema });

export const SkillViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'retired']),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const SkillListSchema = z.object({
  skills: z.array(SkillViewSchema),
  next_page_token: z.string().nullable(),
});

// ---------- profile ----------

const SkillLevelViewSchema = z.object({
  skill_id: z.string(),
  level: z.number().int().min(1).max(10),
  band: z.string(),
  ability: z.number(),
  uncertainty: z.number(),
  confidence: z.number(),
  range: z.tuple([z.number(), z.number()]),
  answers: z.number().int(),
  correct: z.number().int(),
  sessions: z.number().int(),
  forgotten_levels: z.number(),
  last_practised_at: IsoDateTime,
  as_of: IsoDateTime,
  evidence_event_ids: z.array(z.string()),
  explanation: z.string(),
});

export const KnowledgeGapSchema = z.object({
  skill_id: z.string(),
  current_level: z.number().int().nullable(),
  target_level: z.number().int(),
  gap: z.number().int(),
  priority: z.enum(['high', 'medium', 'low']),
  confidence: z.number().nullable(),
  target_source: z.string(),
  reason: z.string(),
});

const PreferencesSchema = z.object({ weekly_hours: z.number(), timezone: z.string() });

export const ProfileSchema = z.object({
  user_id: z.string(),
  skill_levels: z.record(z.string(), SkillLevelViewSchema),
  knowledge_gaps: z.array(KnowledgeGapSchema),
  preferences: PreferencesSchema,
  events_folded: z.number().int(),
  last_event_id: z.string().nullable(),
  model_updated_at: IsoDateTime.nullable(),
  as_of: IsoDateTime,
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const PreferencesPatchSchema = z
  .strictObject({
    weekly_hours: z.number().min(0.5).max(80).optional(),
    timezone: z.string().max(64).refine(isTimeZone, 'Not an IANA time zone').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

// ---------- assessments ----------

export const AssessmentParams = z.object({ assessment_id: SlugSchema });
export const AttemptParams = z.object({
  assessment_id: SlugSchema,
  attempt_id: z.string().regex(/^[A-Za-z0-9]{20}$/, 'Not an attempt id'),
});

/** Assessments taken through the API are fixed-form: every question is asked. */
export const CreateAssessmentSchema = AssessmentSchema.refine((a) => a.mode === 'fixed', {
  path: ['mode'],
  message: 'Only fixed-form assessments can be taken through the API',
});

export const UpdateAssessmentSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    target_levels: z.record(SkillIdSchema, LevelSchema).optional(),
    questions: z.array(AssessmentQuestionSchema).min(1).max(200).optional(),
    status: z.enum(['active', 'archived']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export const AttemptBodySchema = z.strictObject({ answers: AnswersSchema });

export const AssessmentViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  mode: z.enum(['fixed', 'adaptive']),
  question_count: z.number().int(),
  skills: z.array(z.string()),
  status: z.enum(['active', 'archived']),
  target_levels: z.record(z.string(), z.number()),
  owner_uid: z.string().optional(),
  questions: z.array(
    z.object({
      id: z.string(),
      prompt: z.string(),
      options: z.array(z.string()),
      skills: z.array(z.string()),
      multiple: z.boolean(),
      /** The author's view only. */
      correct: z.array(z.number().int()).optional(),
      difficulty: z.number().optional(),
    }),
  ),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const AssessmentListSchema = z.object({
  assessments: z.array(AssessmentViewSchema),
  next_page_token: z.string().nullable(),
});

export const SkillBreakdownSchema = z.object({
  skill_id: z.string(),
  questions: z.number().int(),
  correct: z.number().int(),
  percentage: z.number(),
  difficulty_range: z.tuple([z.number(), z.number()]),
  hardest_correct: z.number().nullable(),
  easiest_wrong: z.number().nullable(),
  attempt_level: z.number().int(),
  summary: z.string(),
});

export const AttemptViewSchema = z.object({
  attempt_id: z.string(),
  assessment_id: z.string(),
  title: z.string(),
  score: z.number(),
  max_score: z.number(),
  percentage: z.number(),
  results: z.array(z.object({ question_id: z.string(), correct: z.boolean() })),
  skill_breakdown: z.array(SkillBreakdownSchema),
  event_id: z.string(),
  created_at: IsoDateTime,
});

// ---------- goals ----------

export const GoalParams = z.object({
  goal_id: z.string().regex(/^[A-Za-z0-9]{20}$/, 'Not a goal id'),
});

const GoalStatusSchema = z.enum(['active', 'achieved', 'archived']);

export const GoalListQuerySchema = z.strictObject({ status: GoalStatusSchema.optional() });

export const GoalViewSchema = z.object({
  goal_id: z.string(),
  title: z.string(),
  targets: z.array(z.object({ skill_id: z.string(), target_level: z.number().int() })),
  deadline: IsoDateTime.nullable(),
  status: GoalStatusSchema,
  revision: z.number().int(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const GoalListSchema = z.object({ goals: z.array(GoalViewSchema) });

// ---------- learning paths ----------

export const GeneratePathSchema = z.strictObject({
  goal_id: z.string().regex(/^[A-Za-z0-9]{20}$/, 'Not a goal id'),
});
export const PathQuerySchema = z.strictObject({
  goal_id: GeneratePathSchema.shape.goal_id.optional(),
});
export const PathVersionsQuerySchema = z.strictObject({
  goal_id: GeneratePathSchema.shape.goal_id,
});

const PathDiffSchema = z.object({
  changes: z.array(
    z.object({
      kind: z.enum(['added', 'removed', 'moved', 'hours']),
      id: z.string(),
      title: z.string(),
      sequence: z.number().int().optional(),
      from: z.number().optional(),
      to: z.number().optional(),
      reason: z.string(),
    }),
  ),
  gaps_closed: z.array(z.string()),
  gaps_opened: z.array(z.string()),
  summary: z.string(),
});

/** Seed 003's response (`learning_path`, `metadata`), plus what makes it a stored version. */
const PathTriggerSchema = z.object({
  kind: z.enum(['requested', 'level_changed']),
  reason: z.string(),
  event_id: z.string().optional(),
  changes: z
    .array(
      z.object({
        skill_id: z.string(),
        from: z.number().int().nullable(),
        to: z.number().int().nullable(),
      }),
    )
    .optional(),
});

export const PathVersionViewSchema = z.object({
  learning_path: z.array(
    z.object({
      type: z.literal('course'),
      id: z.string(),
      title: z.string(),
      skills_covered: z.array(z.string()),
      estimated_hours: z.number(),
      reason: z.string(),
      sequence: z.number().int(),
      required: z.boolean(),
      difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
      closes_gaps: z.array(z.string()),
      prerequisite_for: z.array(z.string()),
    }),
  ),
  metadata: z.object({
    total_courses: z.number().int(),
    total_hours: z.number(),
    estimated_weeks: z.number().int(),
    skills_covered: z.array(z.string()),
    remaining_gaps: z.array(z.string()),
    remaining_gap_reasons: z.record(z.string(), z.string()),
    unmet_prerequisites: z.array(z.string()),
    gaps: z.array(
      z.object({
        skill_id: z.string(),
        current_level: z.number().int().nullable(),
        target_level: z.number().int(),
      }),
    ),
    suggested_courses: z.number().int(),
    suggested_hours: z.number(),
    weekly_hours: z.number(),
    deadline: IsoDateTime.nullable(),
    weeks_until_deadline: z.number().int().nullable(),
    weekly_hours_needed: z.number().nullable(),
    fits_deadline: z.boolean().nullable(),
  }),
  goal_id: z.string(),
  version: z.number().int(),
  created_at: IsoDateTime,
  /** How this version differs from the one before, each change with its reason. */
  changes: PathDiffSchema.nullable(),
  /** What made this version: the learner's request, or a level it was planned from changing. */
  trigger: PathTriggerSchema,
});

export const PathVersionListSchema = z.object({
  goal_id: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      created_at: IsoDateTime,
      total_courses: z.number().int(),
      total_hours: z.number(),
      changes: PathDiffSchema.nullable(),
      trigger: PathTriggerSchema,
    }),
  ),
});

// ---------- recommendations ----------

export const RecommendationParams = z.object({
  recommendation_id: z.string().regex(/^[0-9a-f]{24}$/, 'Not a recommendation id'),
});

export const RecommendationQuerySchema = z.strictObject({
  /** `open`: active and accepted ones; `all`: every status, for a history. */
  status: z.enum(['open', 'all']).default('open'),
});

export const RecommendationListSchema = z.object({
  recommendations: z.array(
    z.object({
      id: z.string(),
      reason_code: z.enum([
        'next_in_sequence',
        'prerequisite_first',
        'revision',
        'difficulty_up',
        'difficulty_down',
        'struggling',
      ]),
      reason: z.string(),
      target: z.object({
        type: z.enum(['resource', 'skill', 'difficulty']),
        id: z.string(),
        title: z.string(),
        pathway_id: z.string().nullable(),
      }),
      estimated_minutes: z.number().nullable(),
      evidence: z.object({ event_ids: z.array(z.string()), scores: z.array(z.number()) }),
      priority: z.number().int(),
      status: z.enum(['active', 'accepted', 'skipped', 'ignored', 'completed', 'superseded']),
      acted_at: IsoDateTime.nullable(),
      /** When the API first served it open: its `recommendation_shown` event's time. */
      shown_at: IsoDateTime.nullable(),
      created_at: IsoDateTime,
      updated_at: IsoDateTime,
    }),
  ),
});

export const ActionBodySchema = z.strictObject({
  action: z.enum(['accepted', 'skipped', 'ignored']),
});

export const ActionResultSchema = z.object({
  recommendation_id: z.string(),
  action: z.enum(['accepted', 'skipped', 'ignored']),
  event_id: z.string(),
  recorded_at: IsoDateTime,
});
