import { iso, isoRequired } from '../time';
import type { ResponseOf } from '../use-case';
import { gcsUrl, HAS_FILE, type SubmissionDoc } from './model';
import type { StoredSubmission } from './repository';
import type { SubmissionBriefSchema, SubmissionViewSchema } from './schemas';

export type SubmissionBrief = ResponseOf<typeof SubmissionBriefSchema>;

/** The file of a submission as every view shows it (seed 000's field names). */
function fileFields(doc: SubmissionDoc) {
  return {
    file_name: doc.file_name,
    file_size_bytes: doc.actual_size ?? doc.size_bytes,
    file_type: doc.content_type,
    gcs_url: gcsUrl(doc.bucket, doc.object_path),
    submission_status: doc.status,
  };
}

export function submissionView(
  id: string,
  doc: SubmissionDoc,
): ResponseOf<typeof SubmissionViewSchema> {
  return {
    id,
    resource_id: doc.resource_id,
    pathway_id: doc.pathway_id,
    attempt_number: doc.attempt_number,
    ...fileFields(doc),
    rejection_reason: doc.rejection_reason,
    notes: doc.notes,
    review: doc.review
      ? {
          submission_status: doc.review.status,
          grade: doc.review.grade,
          review_comments: doc.review.comments,
          reviewed_by: doc.review.reviewed_by,
          reviewed_at: isoRequired(doc.review.reviewed_at),
          stale_attempt: doc.review.stale_attempt,
          has_feedback_file: feedbackReady(doc),
        }
      : null,
    reviewed_at: iso(doc.review?.reviewed_at ?? null),
    created_at: isoRequired(doc.created_at),
    uploaded_at: iso(doc.uploaded_at),
  };
}

/** A feedback file the learner can download: arrived and checked (or from before checks). */
export function feedbackReady(doc: SubmissionDoc): boolean {
  const file = doc.review?.feedback_file;
  return file !== null && file !== undefined && (file.status ?? 'uploaded') === 'uploaded';
}

/** Newest first. */
export function newestFirst(submissions: readonly StoredSubmission[]): StoredSubmission[] {
  return [...submissions].sort((a, b) => b.doc.created_at.toMillis() - a.doc.created_at.toMillis());
}

/**
 * A learner's handed-in files per resource (newest first), for the progress views of seed 000.
 * Only attempts whose file is in place or was judged are listed.
 */
export function briefsByResource(
  submissions: readonly StoredSubmission[],
): Map<string, SubmissionBrief[]> {
  const byResource = new Map<string, SubmissionBrief[]>();
  const listed = submissions.filter(
    ({ doc }) => HAS_FILE.includes(doc.status) || doc.status === 'rejected_invalid',
  );
  for (const { id, doc } of newestFirst(listed)) {
    const list = byResource.get(doc.resource_id) ?? [];
    list.push({
      id,
      ...fileFields(doc),
      attempt_number: doc.attempt_number ?? undefined,
      reviewed_at: iso(doc.review?.reviewed_at ?? null),
      created_at: isoRequired(doc.created_at),
    });
    byResource.set(doc.resource_id, list);
  }
  return byResource;
}
