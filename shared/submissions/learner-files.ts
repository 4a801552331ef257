import { Timestamp } from 'firebase-admin/firestore';
import type { AuditLog } from '../audit';
import { hasRole, type Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import type { Config } from '../config';
import { failedPrecondition, notFound } from '../errors';
import type { ResourceLocator } from '../progress/access';
import type { NoInput, ResourceParams, SubmissionParams } from '../schemas/params';
import { isoRequired } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import { HAS_FILE } from './model';
import type { SubmissionsRepository } from './repository';
import type {
  DeleteSubmissionResponseSchema,
  DownloadResponseSchema,
  SubmissionListSchema,
} from './schemas';
import type { UploadSigner } from './signed-urls';
import { feedbackReady, newestFirst, submissionView } from './views';

/** A learner's own files: list, soft-delete, download (reviewers of the pathway download too). */
export class LearnerFiles {
  constructor(
    private readonly config: Pick<Config, 'downloadUrlTtlSeconds'>,
    private readonly repo: SubmissionsRepository,
    private readonly access: PathwayAccess,
    private readonly locator: ResourceLocator,
    private readonly signer: UploadSigner,
    private readonly audit: AuditLog,
  ) {}

  async list(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof SubmissionListSchema>> {
    const resourceId = params.resource_id;
    await this.locator.locate(caller, resourceId);
    const mine = await this.repo.ofLearner(caller.uid, { resourceId });
    return {
      resource_id: resourceId,
      submissions: newestFirst(mine).map(({ id, doc }) => submissionView(id, doc)),
    };
  }

  /** Hidden from the learner's lists; the file and the review record stay (seed 000). */
  async softDelete(
    caller: Caller,
    params: SubmissionParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeleteSubmissionResponseSchema>> {
    const submissionId = params.submission_id;
    const deletedAt = await this.repo.firestore.runTransaction(async (tx) => {
      const sub = await this.repo.txGet(tx, submissionId);
      if (!sub || sub.user_id !== caller.uid) throw notFound(`Submission ${submissionId}`);
      if (sub.deleted_at) return sub.deleted_at;
      const now = Timestamp.now();
      this.repo.txUpdate(tx, submissionId, { deleted_at: now, updated_at: now });
      this.audit.inTransaction(tx, {
        action: 'submission_deleted',
        actor: caller,
        submissionId,
        submission: sub,
        requestId: ctx.requestId,
        at: now,
      });
      return now;
    });
    return { submission_id: submissionId, deleted: true, deleted_at: isoRequired(deletedAt) };
  }

  async download(
    caller: Caller,
    params: SubmissionParams,
    query: { file: 'submission' | 'feedback' },
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DownloadResponseSchema>> {
    const submissionId = params.submission_id;
    const which = query.file;
    const sub = await this.repo.get(submissionId);
    const own = sub?.user_id === caller.uid;
    // Someone else's file is as good as absent, unless the caller reviews its pathway.
    if (
      !sub ||
      (!own && !(await this.access.reviews(caller, sub.pathway_id))) ||
      (own && sub.deleted_at && !hasRole(caller, 'instructor'))
    ) {
      throw notFound(`Submission ${submissionId}`);
    }
    let objectPath: string;
    let fileName: string;
    if (which === 'feedback') {
      const feedback = sub.review?.feedback_file;
      if (!feedback || !feedbackReady(sub))
        throw notFound(`Feedback file of submission ${submissionId}`);
      objectPath = feedback.object_path;
      fileName = feedback.file_name;
    } else {
      if (sub.file_purge) {
        throw failedPrecondition(`The file of submission ${submissionId} was deleted by an admin`);
      }
      if (!HAS_FILE.includes(sub.status))
        throw failedPrecondition(
          `Submission ${submissionId} has no file to download (${sub.status})`,
        );
      objectPath = sub.object_path;
      fileName = sub.file_name;
    }
    const expires = new Date(Date.now() + this.config.downloadUrlTtlSeconds * 1000);
    const signedUrl = await this.signer.download(objectPath, fileName, expires);
    await this.audit.append({
      action: 'download_url_issued',
      actor: caller,
      submissionId,
      submission: sub,
      requestId: ctx.requestId,
      at: Timestamp.now(),
      details: { file: which },
    });
    return {
      submission_id: submissionId,
      file_name: fileName,
      signed_url: signedUrl,
      expires_at: expires.toISOString(),
    };
  }
}
