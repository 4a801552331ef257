import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import type { CatalogRepository } from '../catalog/repository';
import type { Config } from '../config';
import { failedPrecondition, invalidArgument, payloadTooLarge, resourceExhausted } from '../errors';
import { DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB } from '../file-types';
import type { TaskQueue } from '../platform/tasks';
import type { ResourceLocator } from '../progress/access';
import type { ProgressRepository } from '../progress/repository';
import type { ResourceParams } from '../schemas/params';
import { TaskTargets } from '../triggers';
import type { RequestContext, ResponseOf } from '../use-case';
import { gcsUrl, submissionObjectPath, type SubmissionDoc } from './model';
import { reserve, type Reservation } from './quota';
import type { SubmissionsRepository } from './repository';
import type { OpenUploadResponseSchema, OpenUploadSchema } from './schemas';
import type { UploadSigner } from './signed-urls';

const MB = 1024 * 1024;
/** A resumable session outlives its signed start URL, so slow links get a day to finish. */
const RESUMABLE_GRACE_SECONDS = 24 * 3600;

export type UploadsConfig = Pick<
  Config,
  'submissionsBucket' | 'uploadUrlTtlSeconds' | 'uploadExpiryGraceSeconds' | 'taskTargetUrls'
>;

/**
 * Opening an upload: checks the resource takes this file, reserves quota, schedules the expiry
 * task, records the submission as `awaiting_upload` and hands back a signed URL. The bytes go
 * straight from the client to Cloud Storage; the finalize trigger takes it from there.
 */
export class OpenUpload {
  constructor(
    private readonly config: UploadsConfig,
    private readonly repo: SubmissionsRepository,
    private readonly catalog: CatalogRepository,
    private readonly progress: ProgressRepository,
    private readonly locator: ResourceLocator,
    private readonly signer: UploadSigner,
    private readonly tasks: TaskQueue,
    private readonly audit: AuditLog,
  ) {}

  async open(
    caller: Caller,
    params: ResourceParams,
    body: z.output<typeof OpenUploadSchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof OpenUploadResponseSchema>> {
    const resourceId = params.resource_id;
    const { pathwayId, location } = await this.locator.locate(caller, resourceId);
    if (!location.resource.requires_upload) {
      throw invalidArgument(`Resource ${resourceId} does not take uploads`, [
        { path: 'params.resource_id', message: 'This resource does not require an upload' },
      ]);
    }
    const resource = await this.catalog.resource(resourceId);
    const accepted = resource?.accepted_file_types ?? [];
    if (!accepted.includes(body.content_type)) {
      throw invalidArgument(`This resource accepts ${accepted.join(', ')}`, [
        { path: 'content_type', message: `Not accepted here; use one of ${accepted.join(', ')}` },
      ]);
    }
    const limitMb = Math.min(resource?.max_file_size_mb ?? DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB);
    if (body.size_bytes > limitMb * MB) {
      throw payloadTooLarge(`Files for this resource are at most ${limitMb} MB`, [
        { path: 'size_bytes', message: `At most ${limitMb * MB} bytes` },
      ]);
    }
    const enrollment = await this.progress.enrollment(caller.uid, pathwayId);
    if (!enrollment) {
      throw failedPrecondition(
        `Enrol in pathway ${pathwayId} first (POST /api/v1/pathways/${pathwayId}/enroll)`,
      );
    }

    const submissionId = this.repo.newId();
    const now = new Date();
    const reservation: Reservation = {
      submission_id: submissionId,
      at: now.getTime(),
      bytes: body.size_bytes,
    };
    // Fail fast before anything is scheduled; the transaction below decides for real.
    const early = reserve(await this.repo.quota.reservations(caller.uid), reservation);
    if (!early.ok) throw resourceExhausted(early.reason, early.retryAfterSeconds);

    const objectPath = submissionObjectPath({
      pathwayId,
      userId: caller.uid,
      resourceId,
      submissionId,
      fileName: body.file_name,
      at: now,
    });
    const expiresAt = new Date(now.getTime() + this.config.uploadUrlTtlSeconds * 1000);
    const upload = await this.signer.upload(
      objectPath,
      body.content_type,
      body.size_bytes,
      expiresAt,
      body.resumable,
    );

    // The expiry task exists before the submission does: should the commit fail, it finds
    // nothing to expire; should it succeed, nothing can be left awaiting forever.
    const target = TaskTargets.expireUpload;
    await this.tasks.enqueue({
      queue: target.queue,
      name: `expire-${submissionId}`,
      url: this.config.taskTargetUrls[target.functionName],
      body: { submission_id: submissionId },
      scheduleTime: new Date(
        expiresAt.getTime() +
          (body.resumable ? RESUMABLE_GRACE_SECONDS : this.config.uploadExpiryGraceSeconds) * 1000,
      ),
    });

    const created = Timestamp.fromDate(now);
    const doc = awaitingUpload({
      caller,
      pathwayId,
      moduleId: location.module.module_id,
      resourceId,
      body,
      bucket: this.config.submissionsBucket,
      objectPath,
      expiresAt,
      created,
    });
    await this.repo.firestore.runTransaction(async (tx) => {
      const decision = reserve(await this.repo.quota.txReservations(tx, caller.uid), reservation);
      if (!decision.ok) throw resourceExhausted(decision.reason, decision.retryAfterSeconds);
      this.repo.quota.txSetReservations(tx, caller.uid, decision.reservations, created);
      this.repo.txCreate(tx, submissionId, doc);
      this.audit.inTransaction(tx, {
        action: 'upload_url_issued',
        actor: caller,
        submissionId,
        submission: doc,
        requestId: ctx.requestId,
        at: created,
        details: {
          resumable: body.resumable,
          size_bytes: body.size_bytes,
          content_type: body.content_type,
        },
      });
    });

    return {
      submission_id: submissionId,
      resource_id: resourceId,
      file_name: body.file_name,
      file_size_bytes: body.size_bytes,
      file_type: body.content_type,
      gcs_url: gcsUrl(doc.bucket, objectPath),
      submission_status: 'awaiting_upload',
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      resource_status: enrollment.resources[resourceId]?.status ?? 'not_started',
      upload,
    };
  }
}

/** A new submission, waiting for its bytes. */
function awaitingUpload(args: {
  caller: Caller;
  pathwayId: string;
  moduleId: string;
  resourceId: string;
  body: z.output<typeof OpenUploadSchema>;
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
