import { z } from 'zod';
import { LimitSchema, PageTokenSchema } from '../http/pagination';
import { IsoDateTime } from '../schemas/common';

export const ArchiveListQuerySchema = z.strictObject({
  limit: LimitSchema.default(50),
  page_token: PageTokenSchema.optional(),
});

const ArchiveSummarySchema = z.object({
  pathway_id: z.string(),
  title: z.string(),
  owner_uid: z.string(),
  deleted_at: IsoDateTime,
  deleted_by: z.string(),
  deleted_modules: z.number().int(),
  deleted_resources: z.number().int(),
  /** `archiving` while its enrollments and submissions are being marked (delete it again to finish). */
  state: z.enum(['archiving', 'archived']),
  enrollments: z.number().int().nullable(),
  submissions: z.number().int().nullable(),
  archived_at: IsoDateTime.nullable(),
});

export const ArchiveListSchema = z.object({
  archives: z.array(ArchiveSummarySchema),
  next_page_token: z.string().nullable(),
});

export const ArchiveDetailQuerySchema = z.strictObject({
  /** Which of the archive's records to page through. */
  records: z.enum(['enrollments', 'submissions']).default('enrollments'),
  limit: LimitSchema.default(50),
  page_token: PageTokenSchema.optional(),
});

export const ArchiveDetailSchema = ArchiveSummarySchema.extend({
  records: z.enum(['enrollments', 'submissions']),
  items: z.array(
    z.object({
      id: z.string(),
      user_id: z.string(),
      /** Enrollments: the learner's progress in the pathway when it was deleted. */
      pathway_progress: z.number().nullable(),
      completed_at: IsoDateTime.nullable(),
      /** Submissions: the file's status and name. */
      status: z.string().nullable(),
      file_name: z.string().nullable(),
    }),
  ),
  next_page_token: z.string().nullable(),
});
