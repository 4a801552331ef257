import { z } from 'zod';
import { DescriptionSchema, IsoDateTime, PathIdSchema, TitleSchema } from '../schemas/common';
import { AuthorOutlineSchema } from './course-outline';
import { Stages, TaskStatuses } from './plan';
import { ProjectStatuses } from './status';

/** Seed 002's requests and responses, field for field, plus Pathwise's additions. */

export const ProjectParams = z.object({ course_id: PathIdSchema });
export const StageParams = z.object({ stage: z.enum(Stages) });
export const StageQuerySchema = z.object({ course_id: PathIdSchema });

const RepoUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullable();
const RepoNameSchema = z.string().trim().min(1).max(200).nullable();

export const CreateProjectSchema = z.strictObject({
  title: TitleSchema,
  description: DescriptionSchema.nullable().optional(),
  repo_url: RepoUrlSchema.optional(),
  repo_name: RepoNameSchema.optional(),
  outline: AuthorOutlineSchema.nullable().optional(),
});

export const UpdateProjectSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    status: z.enum(ProjectStatuses).optional(),
    repo_url: RepoUrlSchema.optional(),
    repo_name: RepoNameSchema.optional(),
    outline: AuthorOutlineSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export const ProjectSchema = z.object({
  course_id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(ProjectStatuses),
  user_id: z.string(),
  repo_url: z.string().nullable(),
  repo_name: z.string().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  /** Pathwise's additions: the author outline and the draft pathway generated from the sources. */
  outline: AuthorOutlineSchema.nullable(),
  pathway_id: z.string().nullable(),
});
export const ProjectListSchema = z.array(ProjectSchema);
export const DeletedProjectSchema = z.object({ message: z.string() });

/** Text sources sent as JSON: a few MB in all. */
export const MAX_JSON_SOURCES_BYTES = 5 * 1024 * 1024;
export const AddSourcesSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        path: z.string().min(1).max(1000),
        content: z.string().max(MAX_JSON_SOURCES_BYTES),
      }),
    )
    .min(1)
    .max(2000),
});
export const SourceSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  content_hash: z.string(),
});
export const SourcesSchema = z.object({
  course_id: z.string(),
  sources: z.array(SourceSchema),
  total_bytes: z.number(),
});

export const StartedSchema = z.object({
  course_id: z.string(),
  run_id: z.string(),
  task_id: z.string(),
  status: z.enum(TaskStatuses),
  message: z.string(),
});

export const GenerationStatusSchema = z.object({
  course_id: z.string(),
  project_status: z.enum(ProjectStatuses),
  current_stage: z.enum(Stages).nullable(),
  status: z.enum(TaskStatuses),
  progress_percentage: z.number().int().min(0).max(100),
  current_step: z.string(),
  error_message: z.string().nullable(),
  pathway_id: z.string().nullable(),
});

export const StageProgressSchema = z.object({
  course_id: z.string(),
  stage: z.enum(Stages),
  task_id: z.string().nullable(),
  status: z.enum(TaskStatuses),
  progress_percentage: z.number().int().min(0).max(100),
  current_step: z.string(),
  error_message: z.string().nullable(),
  started_at: IsoDateTime.nullable(),
  completed_at: IsoDateTime.nullable(),
  units_computed: z.number().int(),
  units_reused: z.number().int(),
  result: z.record(z.string(), z.union([z.number(), z.string()])).nullable(),
});

/** A zip of a repository or of a folder of documents, uploaded straight to Cloud Storage. */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
export const OpenArchiveUploadSchema = z.strictObject({
  file_name: z
    .string()
    .min(1)
    .max(255)
    .regex(/\.zip$/i, 'Upload a .zip archive'),
  size_bytes: z.number().int().min(22).max(MAX_ARCHIVE_BYTES),
});
export const ArchiveUploadSchema = z.object({
  course_id: z.string(),
  object: z.string(),
  upload: z.object({
    method: z.enum(['PUT', 'POST']),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    resumable: z.boolean(),
    expires_at: IsoDateTime,
  }),
});

/** One uploaded archive of a project, named by the id its upload was given. */
export const ArchiveParams = z.object({ course_id: PathIdSchema, archive_id: z.uuid() });
export const ArchiveSchema = z.object({
  archive_id: z.string(),
  object: z.string(),
  bytes: z.number().int(),
  uploaded_at: IsoDateTime,
});
export const ArchivesSchema = z.object({
  course_id: z.string(),
  archives: z.array(ArchiveSchema),
  total_bytes: z.number().int(),
});

/** A JSON source to remove, by its path. */
export const SourcePathQuerySchema = z.object({ path: z.string().min(1).max(1000) });
