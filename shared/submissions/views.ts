import type { Firestore } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { countReads } from '../platform/io-stats';
import type { SubmissionBrief } from '../progress/views';
import { iso, isoRequired } from '../time';
import { gcsUrl, HAS_FILE, type SubmissionDoc } from './model';
import type { SubmissionViewSchema } from './schemas';

export function submissionView(
  id: string,
  doc: SubmissionDoc,
): z.input<typeof SubmissionViewSchema> {
  return {
    id,
    resource_id: doc.resource_id,
    pathway_id: doc.pathway_id,
    attempt_number: doc.attempt_number,
    file_name: doc.file_name,
    file_size_bytes: doc.actual_size ?? doc.size_bytes,
    file_type: doc.content_type,
    gcs_url: gcsUrl(doc.bucket, doc.object_path),
    submission_status: doc.status,
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
          has_feedback_file: doc.review.feedback_file !== null,
        }
      : null,
    reviewed_at: iso(doc.review?.reviewed_at ?? null),
    created_at: isoRequired(doc.created_at),
    uploaded_at: iso(doc.uploaded_at),
  };
}

/**
 * A learner's handed-in files in one pathway (newest first, per resource), for the progress
 * views of seed 000. Only attempts whose file is in place or was judged are listed.
 */
export async function submissionBriefs(
  firestore: Firestore,
  userId: string,
  pathwayId: string,
  resourceId?: string,
): Promise<Map<string, SubmissionBrief[]>> {
  let query = firestore
    .collection('submissions')
    .where('user_id', '==', userId)
    .where('pathway_id', '==', pathwayId)
    .where('deleted_at', '==', null);
  if (resourceId) query = query.where('resource_id', '==', resourceId);
  const snap = await query.get();
  countReads(Math.max(1, snap.size));
  const docs = snap.docs
    .map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }))
    .filter(({ doc }) => HAS_FILE.includes(doc.status) || doc.status === 'rejected_invalid')
    .sort((a, b) => b.doc.created_at.toMillis() - a.doc.created_at.toMillis());
  const byResource = new Map<string, SubmissionBrief[]>();
  for (const { id, doc } of docs) {
    const list = byResource.get(doc.resource_id) ?? [];
    list.push({
      id,
      file_name: doc.file_name,
      file_size_bytes: doc.actual_size ?? doc.size_bytes,
      file_type: doc.content_type,
      gcs_url: gcsUrl(doc.bucket, doc.object_path),
      submission_status: doc.status,
      attempt_number: doc.attempt_number ?? undefined,
      reviewed_at: iso(doc.review?.reviewed_at ?? null),
      created_at: isoRequired(doc.created_at),
    });
    byResource.set(doc.resource_id, list);
  }
  return byResource;
}
