import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import { locateResource } from '../catalog/outline';
import type { CatalogRepository } from '../catalog/repository';
import type { Config } from '../config';
import { failedPrecondition, notFound } from '../errors';
import type { EnrollmentWriter } from '../progress/enrollment-writer';
import { applyAction } from '../progress/transitions';
import type { SubmissionParams } from '../schemas/params';
import { isoRequired } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import { compactTimestamp, FEEDBACK_PREFIX, safeFileName, type ReviewRecord } from './model';
import type { LearnerNotices } from './notices';
import type { SubmissionsRepository } from './repository';
import type { ReviewBody, ReviewResponseSchema } from './schemas';
import type { UploadSigner } from './signed-urls';

type ReviewResponse = ResponseOf<typeof ReviewResponseSchema>;

const REVIEWABLE = ['uploaded', 'approved', 'rejected'];

/**
 * An instructor approves or rejects a submission with a grade, comments and optionally a feedback
 * file. The review, its history, the audit entry, the learner's mail and the resource's status
 * change in one transaction; progress follows the newest attempt only.
 */
export class ReviewSubmission {
  constructor(
    private readonly config: Pick<Config, 'uploadUrlTtlSeconds'>,
    private readonly repo: SubmissionsRepository,
    private readonly catalog: CatalogRepository,
    private readonly access: PathwayAccess,
    private readonly writer: EnrollmentWriter,
    private readonly signer: UploadSigner,
    private readonly notices: LearnerNotices,
    private readonly audit: AuditLog,
  ) {}

  /** A signed upload for the reviewer's feedback file, beside the submission. */
  private async feedbackUpload(submissionId: string, file: ReviewBody['feedback_file']) {
    if (!file) return { upload: null, record: null };
    const objectPath = `${FEEDBACK_PREFIX}${submissionId}/${compactTimestamp(new Date())}_${safeFileName(file.file_name)}`;
    const expires = new Date(Date.now() + this.config.uploadUrlTtlSeconds * 1000);
    const signed = await this.signer.upload(
      objectPath,
      file.content_type,
      file.size_bytes,
      expires,
      false,
    );
    return {
      upload: { ...signed, object_path: objectPath },
      record: {
        object_path: objectPath,
        file_name: file.file_name,
        content_type: file.content_type,
      },
    };
  }

  async review(
    caller: Caller,
    params: SubmissionParams,
    body: ReviewBody,
    ctx: RequestContext,
  ): Promise<ReviewResponse> {
    const submissionId = params.submission_id;
    const sub = await this.repo.get(submissionId);
    if (!sub || !(await this.access.reviews(caller, sub.pathway_id)))
      throw notFound(`Submission ${submissionId}`);
    if (!REVIEWABLE.includes(sub.status)) {
      throw failedPrecondition(
        `Submission ${submissionId} is ${sub.status}; only uploaded files are reviewed`,
      );
    }
    const pathway = await this.catalog.pathway(sub.pathway_id);
    if (!pathway) throw notFound(`Pathway ${sub.pathway_id}`);
    const recipient = await this.notices.recipient(sub.user_id);
    const approved = body.submission_status === 'approved';
    const grade = body.grade ?? (approved ? 'pass' : 'fail');
    const feedback = await this.feedbackUpload(submissionId, body.feedback_file);

    let record: ReviewRecord | undefined;
    const result = await this.writer.write({
      userId: sub.user_id,
      pathwayId: sub.pathway_id,
      pathway,
      requestId: ctx.requestId,
      change: async ({ tx, enrollment, now }) => {
        const current = await this.repo.txGet(tx, submissionId);
        if (!current || !REVIEWABLE.includes(current.status)) {
          throw failedPrecondition(`Submission ${submissionId} can no longer be reviewed`);
        }
        const state = enrollment.resources[sub.resource_id];
        const latest = state?.latest_submission_id ?? null;
        const stale = latest !== null && latest !== submissionId;
        record = {
          status: body.submission_status,
          grade,
          comments: body.review_comments ?? null,
          reviewed_by: caller.uid,
          reviewed_at: now,
          stale_attempt: stale,
          feedback_file: feedback.record,
        };
        this.repo.txUpdate(tx, submissionId, {
          status: body.submission_status,
          review: record,
          review_history: [
            ...current.review_history,
            { ...record, old_status: current.status, old_grade: current.review?.grade ?? null },
          ],
          updated_at: now,
        });
        const audited = { actor: caller, submissionId, submission: sub, requestId: ctx.requestId };
        this.audit.inTransaction(tx, {
          action: 'submission_reviewed',
          ...audited,
          at: now,
          details: {
            from: current.status,
            to: body.submission_status,
            grade,
            stale_attempt: stale,
          },
        });
        if (feedback.record) {
          this.audit.inTransaction(tx, {
            action: 'feedback_upload_url_issued',
            ...audited,
            at: now,
          });
        }
        const entry = locateResource(pathway.outline, sub.resource_id)?.resource;
        this.notices.reviewResult(
          tx,
          recipient,
          {
            submissionId,
            submission: sub,
            reviewNumber: current.review_history.length + 1,
            resourceTitle: entry?.title ?? sub.resource_id,
            approved,
            grade,
            comments: record.comments,
          },
          now,
        );
        // Progress follows the newest attempt; reviewing an older one is recorded and flagged.
        if (stale || !entry) return { resourceStates: {} };
        const next = applyAction(
          entry,
          state,
          { kind: 'submission_reviewed', approved, submission_id: submissionId },
          now,
        );
        return { resourceStates: { [sub.resource_id]: next } };
      },
    });
    const done = record as ReviewRecord;
    return {
      submission_id: submissionId,
      submission_status: done.status,
      reviewed_by: done.reviewed_by,
      reviewed_at: isoRequired(done.reviewed_at),
      review_comments: done.comments,
      grade: done.grade,
      stale_attempt: done.stale_attempt,
      resource_status: result.enrollment.resources[sub.resource_id]?.status ?? 'not_started',
      feedback_upload: feedback.upload,
    };
  }
}
