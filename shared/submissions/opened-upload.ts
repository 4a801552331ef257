import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { Caller } from '../auth';
import type { ResourceStatus } from '../progress/status';
import type { ResponseOf } from '../use-case';
import { gcsUrl, type SubmissionDoc } from './model';
import type { OpenUploadResponseSchema, OpenUploadSchema } from './schemas';
import type { UploadInstructions } from './signed-urls';

export type OpenUploadBody = z.output<typeof OpenUploadSchema>;
export type OpenUploadResponse = ResponseOf<typeof OpenUploadResponseSchema>;

/** The answer to an open, from the submission it made. */
export function opened(
  submissionId: string,
  doc: SubmissionDoc,
  resourceStatus: ResourceStatus,
  upload: UploadInstructions,
): OpenUploadResponse {
  return {
    submission_id: submissionId,
    resource_id: doc.resource_id,
    file_name: doc.file_name,
    file_size_bytes: doc.size_bytes,
    file_type: doc.content_type,
    gcs_url: gcsUrl(doc.bucket, doc.object_path),
    submission_status: 'awaiting_upload',
    created_at: doc.created_at.toDate().toISOString(),
    expires_at: doc.expires_at.toDate().toISOString(),
    resource_status: resourceStatus,
    upload,
  };
}

/** A new submission, waiting for its bytes. */
export function awaitingUpload(args: {
  caller: Caller;
  pathwayId: string;
  moduleId: string;
  resourceId: string;
  body: OpenUploadBody;
  bucket: string;
  objectPath: string;
  expiresAt: Date;
  created: Timestamp;
}): SubmissionDoc {
  return {
    user_id: args.caller.uid,
    pathway_id: args.pathwayId,
    module_id: args.moduleId,
    resource_id: args.resourceId,
    attempt_number: null,
    file_name: args.body.file_name,
    content_type: args.body.content_type,
    size_bytes: args.body.size_bytes,
    notes: args.body.notes ?? null,
    bucket: args.bucket,
    object_path: args.objectPath,
    resumable: args.body.resumable,
    status: 'awaiting_upload',
    expires_at: Timestamp.fromDate(args.expiresAt),
    detected_type: null,
    actual_size: null,
    md5_hash: null,
    crc32c: null,
    generation: null,
    scan: null,
    rejection_reason: null,
    review: null,
    review_history: [],
    created_at: args.created,
    uploaded_at: null,
    expired_at: null,
    deleted_at: null,
    updated_at: args.created,
  };
}
