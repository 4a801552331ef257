import { z } from 'zod';
import { ResourceTypeSchema } from '../catalog/schemas';
import { LimitSchema, PageTokenSchema, queryInteger } from '../http/pagination';
import { IsoDateTime, multiLineText, singleLineText, SlugSchema } from '../schemas/common';
import { SubmissionParams } from '../schemas/params';
import { ResourceStatusSchema } from '../progress/status';

export const SubmissionStatusSchema = z.enum([
  'awaiting_upload',
  'scan_pending',
  'uploaded',
  'approved',
  'rejected',
  'rejected_invalid',
  'expired',
]);
export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;
export const GradeSchema = z.enum(['pass', 'fail']);
export type Grade = z.infer<typeof GradeSchema>;
/** What a review decides. */
export const ReviewStatusSchema = z.enum(['approved', 'rejected']);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/** A handed-in file as the progress views list it (seed 000). */
export const SubmissionBriefSchema = z.object({
  id: z.string(),
  file_name: z.string(),
  file_size_bytes: z.number().int().optional(),
  file_type: z.string().optional(),
  gcs_url: z.string().optional(),
  submission_status: z.string(),
  attempt_number: z.number().int().optional(),
  reviewed_at: IsoDateTime.nullable().optional(),
  created_at: IsoDateTime,
});

const FileName = singleLineText(255);
const MimeType = z
  .string()
  .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'Must be a MIME type such as image/png');

export const OpenUploadSchema = z.strictObject({
  file_name: FileName,
  content_type: MimeType,
  size_bytes: z.number().int().min(1, 'An empty file is not a submission'),
  notes: multiLineText(5000).optional(),
  /** A resumable upload (signed resumable start) for large files on slow links. */
  resumable: z.boolean().default(false),
});

/**
 * An `Idempotency-Key` makes opening an upload safe to retry: the same key answers the same
 * submission. Printable ASCII, as an HTTP header value can carry it unencoded.
 */
export const IdempotencyKeySchema = z
  .string()
  .min(1, 'An Idempotency-Key has 1 to 128 characters')
  .max(128, 'An Idempotency-Key has 1 to 128 characters')
  .regex(/^[\x20-\x7E]*$/, 'An Idempotency-Key is printable ASCII');

export const OpenUploadHeadersSchema = z.object({
  'idempotency-key': IdempotencyKeySchema.optional(),
});

export const UploadInstructionsSchema = z.object({
  method: z.enum(['PUT', 'POST']),
  url: z.string(),
  /** Send exactly these headers: the signature covers them. */
  headers: z.record(z.string(), z.string()),
  resumable: z.boolean(),
  expires_at: IsoDateTime,
});

/** The file of a submission as every view shows it (seed 000's field names). */
const FileFields = {
  file_name: z.string(),
  file_size_bytes: z.number().int(),
  file_type: z.string(),
  gcs_url: z.string(),
  submission_status: SubmissionStatusSchema,
};

export const OpenUploadResponseSchema = z.object({
  submission_id: z.string(),
  resource_id: z.string(),
  ...FileFields,
  created_at: IsoDateTime,
  expires_at: IsoDateTime,
  /** The resource's status for the learner as the upload opens (seed 000). */
  resource_status: ResourceStatusSchema,
  upload: UploadInstructionsSchema,
});

export const ReviewViewSchema = z.object({
  submission_status: ReviewStatusSchema,
  grade: GradeSchema,
  review_comments: z.string().nullable(),
  reviewed_by: z.string(),
  reviewed_at: IsoDateTime,
  stale_attempt: z.boolean(),
  has_feedback_file: z.boolean(),
});

export const SubmissionViewSchema = z.object({
  id: z.string(),
  resource_id: z.string(),
  pathway_id: z.string(),
  attempt_number: z.number().int().nullable(),
  ...FileFields,
  rejection_reason: z.string().nullable(),
  notes: z.string().nullable(),
  review: ReviewViewSchema.nullable(),
  reviewed_at: IsoDateTime.nullable(),
  created_at: IsoDateTime,
  uploaded_at: IsoDateTime.nullable(),
});

export const SubmissionListSchema = z.object({
  resource_id: z.string(),
  submissions: z.array(SubmissionViewSchema),
});

export const DeleteSubmissionResponseSchema = z.object({
  submission_id: z.string(),
  deleted: z.literal(true),
  deleted_at: IsoDateTime,
});

export const DownloadQuerySchema = z.object({
  file: z.enum(['submission', 'feedback']).default('submission'),
});
export const DownloadResponseSchema = z.object({
  submission_id: z.string(),
  file_name: z.string(),
  signed_url: z.string(),
  expires_at: IsoDateTime,
});

// ---------- review ----------

export const PendingQuerySchema = z.strictObject({
  pathway_id: SlugSchema.optional(),
  limit: LimitSchema.default(50),
  offset: queryInteger(0, 10_000).default(0),
  page_token: PageTokenSchema.optional(),
});
export type PendingQuery = z.output<typeof PendingQuerySchema>;

export const PendingItemSchema = SubmissionViewSchema.pick({
  id: true,
  resource_id: true,
  pathway_id: true,
  attempt_number: true,
  file_name: true,
  file_size_bytes: true,
  file_type: true,
  gcs_url: true,
  submission_status: true,
  created_at: true,
  uploaded_at: true,
}).extend({
  user_id: z.string(),
  user_email: z.string().nullable(),
  user_name: z.string().nullable(),
  resource_title: z.string(),
  resource_type: ResourceTypeSchema,
  /** The learner soft-deleted this attempt after handing it in; it still needs a verdict. */
  deleted_by_learner_at: IsoDateTime.nullable(),
  hours_waiting: z.number(),
});

export const PendingListSchema = z.object({
  total_pending: z.number().int(),
  submissions: z.array(PendingItemSchema),
  next_page_token: z.string().nullable(),
});

const FeedbackFileSchema = z.strictObject({
  file_name: FileName,
  content_type: z.enum([
    'application/pdf',
    'image/png',
    'image/jpeg',
    'text/plain',
    'text/markdown',
    'application/zip',
  ]),
  size_bytes: z
    .number()
    .int()
    .min(1)
    .max(25 * 1024 * 1024, 'Feedback files are at most 25 MB'),
});

const ReviewFields = {
  submission_status: ReviewStatusSchema,
  grade: GradeSchema.optional(),
  review_comments: multiLineText(10_000).optional(),
  /** Announce a feedback file: the answer carries a signed URL to upload it, like a learner's. */
  feedback_file: FeedbackFileSchema.optional(),
};

function gradeAgreesWithStatus(
  v: { submission_status: string; grade?: string },
  ctx: z.RefinementCtx,
): void {
  if (v.submission_status === 'approved' && v.grade === 'fail') {
    ctx.addIssue({ code: 'custom', path: ['grade'], message: 'An approved submission passes' });
  }
  if (v.submission_status === 'rejected' && v.grade === 'pass') {
    ctx.addIssue({ code: 'custom', path: ['grade'], message: 'A rejected submission fails' });
  }
}

export const ReviewBodySchema = z.strictObject(ReviewFields).superRefine(gradeAgreesWithStatus);
export type ReviewBody = z.output<typeof ReviewBodySchema>;

export const ReviewCallableSchema = z
  .strictObject({ submission_id: SubmissionParams.shape.submission_id, ...ReviewFields })
  .superRefine(gradeAgreesWithStatus);

export const ReviewResponseSchema = z.object({
  submission_id: z.string(),
  submission_status: ReviewStatusSchema,
  reviewed_by: z.string(),
  reviewed_at: IsoDateTime,
  review_comments: z.string().nullable(),
  grade: GradeSchema,
  /** A newer attempt of the same learner and resource exists: progress follows that one. */
  stale_attempt: z.boolean(),
  resource_status: z.string(),
  feedback_upload: UploadInstructionsSchema.extend({ object_path: z.string() }).nullable(),
});

/** `DELETE /api/v1/admin/submissions/{id}/file`: why the bytes go (kept in the audit log). */
export const PurgeFileBodySchema = z.strictObject({
  reason: z.string().trim().min(3).max(500),
});

export const PurgeFileResponseSchema = z.object({
  submission_id: z.string(),
  file_deleted: z.literal(true),
  deleted_at: z.string(),
  deleted_by: z.string(),
  reason: z.string(),
});
