import { z } from 'zod';
import { LimitSchema, PageTokenSchema } from '../http/pagination';
import { IsoDateTime, singleLineText } from '../schemas/common';
import { UploadInstructionsSchema } from '../submissions/schemas';
import { MAX_BATCH_FILES, MediaKinds } from './kinds';

export const MediaKindSchema = z.enum(MediaKinds);
export const MediaStatusSchema = z.enum([
  'awaiting_upload',
  'scan_pending',
  'ready',
  'rejected',
  'expired',
]);

const MediaId = z.uuid({ version: 'v4', message: 'Not a media id' });
export const MediaParams = z.object({ media_id: MediaId });

/** Seed 003's `DELETE /upload/{file_type}/{filename}`: the kind (or its folder) and `{id}.{ext}`. */
export const MediaFileParams = z.object({
  file_type: z
    .enum(['video', 'image', 'document', 'videos', 'images', 'documents'])
    .transform((t) => t.replace(/s$/, '') as z.infer<typeof MediaKindSchema>),
  filename: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[a-z0-9]{1,5}$/,
      'Not a media file name ({uuid}.{extension})',
    ),
});

const MediaFileSchema = z.strictObject({
  file_name: singleLineText(255),
  size_bytes: z.number().int().min(1, 'An empty file is not media'),
  /** Optional: the type follows from the extension; when sent it must agree with it. */
  content_type: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'Must be a MIME type such as video/mp4')
    .optional(),
  /** A resumable session (videos by default) or one signed PUT. */
  resumable: z.boolean().optional(),
});
export type MediaFileInput = z.output<typeof MediaFileSchema>;

export const OpenMediaUploadSchema = MediaFileSchema;

export const OpenMediaBatchSchema = z.strictObject({
  files: z
    .array(MediaFileSchema.extend({ kind: MediaKindSchema }))
    .min(1, 'Give at least one file')
    .max(MAX_BATCH_FILES, `At most ${MAX_BATCH_FILES} files per batch`),
});

export const MediaViewSchema = z.object({
  media_id: z.string(),
  kind: MediaKindSchema,
  /** `{id}.{ext}`: the name seed 003's delete takes. */
  filename: z.string(),
  file_name: z.string(),
  content_type: z.string(),
  size_bytes: z.number().int(),
  status: MediaStatusSchema,
  rejection_reason: z.string().nullable(),
  owner_uid: z.string(),
  /** Where the file is read (signed download URL) once it is ready; what a resource's `url` holds. */
  url: z.string(),
  created_at: IsoDateTime,
  uploaded_at: IsoDateTime.nullable(),
});

export const OpenMediaResponseSchema = MediaViewSchema.extend({
  expires_at: IsoDateTime,
  upload: UploadInstructionsSchema,
});

export const MediaBatchResponseSchema = z.object({ files: z.array(OpenMediaResponseSchema) });

export const MediaListQuerySchema = z.strictObject({
  kind: MediaKindSchema.optional(),
  status: MediaStatusSchema.optional(),
  limit: LimitSchema.default(20),
  page_token: PageTokenSchema.optional(),
});

/** The list's cursor: the last item's creation time (ms) and id. */
export const MediaCursor = z.tuple([z.number().int().min(0).max(253_402_300_799_999), MediaId]);

export const MediaListSchema = z.object({
  media: z.array(MediaViewSchema),
  next_page_token: z.string().nullable(),
});

export const MediaDownloadSchema = z.object({
  media_id: z.string(),
  file_name: z.string(),
  content_type: z.string(),
  signed_url: z.string(),
  expires_at: IsoDateTime,
});

export const DeletedMediaSchema = z.object({
  media_id: z.string(),
  filename: z.string(),
  deleted: z.literal(true),
});
