import { z } from 'zod';
import { CertificateRulesViewSchema } from '../certificates/rules';
import { isSupportedUploadType, MAX_UPLOAD_MB } from '../file-types';
import { DescriptionSchema, IsoDateTime, SlugSchema, TitleSchema } from '../schemas/common';
import { LimitSchema, PageTokenSchema } from '../http/pagination';
import { PathwayLearningSchema, ResourceLearningSchema } from '../learner/skills';
import { QuizInputSchema, QuizQuestionViewSchema, QuizViewSchema } from './quiz-schemas';

export const ResourceTypeSchema = z.enum(['video', 'article', 'exercise', 'project', 'quiz']);
export type ResourceType = z.infer<typeof ResourceTypeSchema>;

export const PathwayStatusSchema = z.enum(['draft', 'published', 'archived']);
export type PathwayStatus = z.infer<typeof PathwayStatusSchema>;

export const DifficultySchema = z.enum(['beginner', 'intermediate', 'advanced']);
export type Difficulty = z.infer<typeof DifficultySchema>;

export const StaffRoleSchema = z.enum(['co_instructor', 'reviewer']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

const MimeTypeSchema = z
  .string()
  .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'Must be a MIME type such as image/png')
  .refine(
    isSupportedUploadType,
    'This file type cannot be verified on upload, so it is not accepted',
  );

// ---------- API: requests ----------

const UploadSettingsInput = {
  requires_upload: z.boolean().optional(),
  accepted_file_types: z.array(MimeTypeSchema).min(1).max(20).optional(),
  max_file_size_mb: z
    .number()
    .positive()
    .max(MAX_UPLOAD_MB, `Never above ${MAX_UPLOAD_MB} MB`)
    .optional(),
};

export const CreatePathwaySchema = z.strictObject({
  id: SlugSchema.optional(),
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  difficulty: DifficultySchema.nullable().optional(),
  /** Skills taught, difficulty, prerequisites and hours, for the learner model (seed 003). */
  learning: PathwayLearningSchema.optional(),
});

export const UpdatePathwaySchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    difficulty: DifficultySchema.nullable().optional(),
    learning: PathwayLearningSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export const CreateModuleSchema = z.strictObject({
  id: SlugSchema.optional(),
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  required_count: z.number().int().min(1).nullable().optional(),
  /** 1-based position in the pathway; appended when absent. */
  position: z.number().int().min(1).optional(),
});

export const UpdateModuleSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    required_count: z.number().int().min(1).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export const ReorderModulesSchema = z.strictObject({
  module_ids: z.array(SlugSchema).min(1).max(1000),
});
export const ReorderResourcesSchema = z.strictObject({
  resource_ids: z.array(SlugSchema).min(1).max(1000),
});

const ResourceUrlSchema = z
  .url({ protocol: /^https?$/ })
  .nullable()
  .optional();
const DurationMinutesSchema = z.number().int().min(0).max(100_000);

/** A resource's id within its pathway (seed 001's `chapter-1`, `quiz-1`). */
export const ResourceKeySchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Use lowercase letters, digits and hyphens');

export const CreateResourceSchema = z.strictObject({
  id: SlugSchema.optional(),
  key: ResourceKeySchema.optional(),
  type: ResourceTypeSchema,
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  url: ResourceUrlSchema,
  duration_minutes: DurationMinutesSchema.default(0),
  required: z.boolean().default(true),
  ...UploadSettingsInput,
  quiz: QuizInputSchema.optional(),
  /** Skills practised and prerequisites, for the learner model (seed 003). */
  learning: ResourceLearningSchema.optional(),
  position: z.number().int().min(1).optional(),
});
export type CreateResourceInput = z.output<typeof CreateResourceSchema>;

export const UpdateResourceSchema = z
  .strictObject({
    key: ResourceKeySchema.nullable().optional(),
    title: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    url: ResourceUrlSchema,
    duration_minutes: DurationMinutesSchema.optional(),
    required: z.boolean().optional(),
    ...UploadSettingsInput,
    quiz: QuizInputSchema.optional(),
    learning: ResourceLearningSchema.nullable().optional(),
    /** Moves the resource to another module of the same pathway. */
    module_id: SlugSchema.optional(),
    position: z.number().int().min(1).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');
export type UpdateResourceInput = z.output<typeof UpdateResourceSchema>;

export const PathwayListQuerySchema = z.strictObject({
  status: PathwayStatusSchema.optional(),
  limit: LimitSchema.default(20),
  page_token: PageTokenSchema.optional(),
});

// ---------- API: responses ----------

export const ResourceViewSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  type: ResourceTypeSchema,
  title: z.string(),
  description: z.string().nullable(),
  duration_minutes: z.number().int(),
  requires_upload: z.boolean(),
  order_index: z.number().int(),
  url: z.string().nullable(),
  required: z.boolean(),
  accepted_file_types: z.array(z.string()).optional(),
  max_file_size_mb: z.number().optional(),
  quiz: QuizViewSchema.optional(),
  learning: ResourceLearningSchema.optional(),
});
export type ResourceView = z.input<typeof ResourceViewSchema>;

export const ResourceDetailSchema = ResourceViewSchema.extend({
  pathway_id: z.string(),
  module_id: z.string(),
  questions: z.array(QuizQuestionViewSchema).optional(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const ModuleResourcesSchema = z.object({
  module_id: z.string(),
  resources: z.array(ResourceViewSchema),
});

export const PathwayResourcesSchema = z.object({
  pathway_id: z.string(),
  modules: z.array(
    z.object({
      module_id: z.string(),
      title: z.string(),
      order_index: z.number().int(),
      required_count: z.number().int().nullable(),
      resources: z.array(ResourceViewSchema),
    }),
  ),
});

export const PathwaySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  difficulty: DifficultySchema.nullable(),
  status: PathwayStatusSchema,
  owner_uid: z.string(),
  module_count: z.number().int(),
  resource_count: z.number().int(),
  total_duration_minutes: z.number().int(),
  outline_version: z.number().int(),
  published_at: IsoDateTime.nullable(),
  updated_at: IsoDateTime,
  /** Present when the pathway is tagged for the learner model. */
  learning: PathwayLearningSchema.optional(),
});

export const ModuleViewSchema = z.object({
  module_id: z.string(),
  pathway_id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  order_index: z.number().int(),
  required_count: z.number().int().nullable(),
  resource_count: z.number().int(),
  duration_minutes: z.number().int(),
});

export const PathwayDetailSchema = PathwaySummarySchema.extend({
  created_at: IsoDateTime,
  archived_at: IsoDateTime.nullable(),
  certificate_rules: CertificateRulesViewSchema,
  modules: z.array(ModuleViewSchema.omit({ pathway_id: true, description: true })),
});

export const PathwayListSchema = z.object({
  pathways: z.array(PathwaySummarySchema),
  next_page_token: z.string().nullable(),
});

export const DeletedPathwaySchema = z.object({
  pathway_id: z.string(),
  deleted: z.literal(true),
  deleted_modules: z.number().int(),
  deleted_resources: z.number().int(),
  /** Kept, marked `archived_with_pathway`, and listed under /api/v1/admin/archives/pathways. */
  archived_enrollments: z.number().int(),
  archived_submissions: z.number().int(),
});
export const DeletedModuleSchema = z.object({
  module_id: z.string(),
  deleted: z.literal(true),
  deleted_resources: z.number().int(),
});
export const DeletedResourceSchema = z.object({
  resource_id: z.string(),
  deleted: z.literal(true),
});

export const StaffBodySchema = z.strictObject({
  staff: z
    .array(z.strictObject({ uid: z.string().min(1).max(128), role: StaffRoleSchema }))
    .max(50)
    .refine((list) => new Set(list.map((m) => m.uid)).size === list.length, {
      message: 'Each person once',
    }),
});

export const StaffResponseSchema = z.object({
  pathway_id: z.string(),
  owner_uid: z.string(),
  staff: z.array(
    z.object({
      uid: z.string(),
      role: StaffRoleSchema,
      email: z.string().nullable(),
      added_by: z.string(),
      added_at: IsoDateTime,
    }),
  ),
});
