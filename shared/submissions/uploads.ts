import { Timestamp } from 'firebase-admin/firestore';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import type { CatalogRepository } from '../catalog/repository';
import type { Config } from '../config';
import {
  failedPrecondition,
  invalidArgument,
  payloadTooLarge,
  resourceExhausted,
  type AppError,
} from '../errors';
import { DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB } from '../file-types';
import type { TaskQueue } from '../platform/tasks';
import type { ResourceLocator } from '../progress/access';
import type { ResourceStatus } from '../progress/status';
import type { ProgressRepository } from '../progress/repository';
import type { ResourceParams } from '../schemas/params';
import { TaskTargets } from '../triggers';
import type { RequestContext } from '../use-case';
import { idempotentSubmissionId, replayDecision } from './idempotency';
import { submissionObjectPath, type SubmissionDoc } from './model';
import {
  awaitingUpload,
  opened,
  type OpenUploadBody,
  type OpenUploadResponse,
} from './opened-upload';
import { reserve, type Reservation } from './quota';
import type { SubmissionsRepository } from './repository';
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
 * straight from the client to Cloud Storage; the finalize trigger takes it from there. With an
 * `Idempotency-Key` the submission id comes from the key, so a retried open answers the upload
 * the first attempt made instead of reserving quota for a second one.
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
    body: OpenUploadBody,
    ctx: RequestContext,
    idempotencyKey?: string,
  ): Promise<OpenUploadResponse> {
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

    const resourceStatus = enrollment.resources[resourceId]?.status ?? 'not_started';
    const now = new Date();
    const keyed = idempotencyKey !== undefined;
    const submissionId = keyed
      ? idempotentSubmissionId(caller.uid, resourceId, idempotencyKey)
      : this.repo.newId();
    const replay = (stored: SubmissionDoc) =>
      this.replay(submissionId, stored, { caller, resourceId, body, resourceStatus, now });
    if (keyed) {
      const earlier = await this.repo.get(submissionId);
      if (earlier) return replay(earlier);
    }
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
    const expireAt = new Date(
      expiresAt.getTime() +
        (body.resumable ? RESUMABLE_GRACE_SECONDS : this.config.uploadExpiryGraceSeconds) * 1000,
    );
    const scheduled = await this.scheduleExpiry(`expire-${submissionId}`, submissionId, expireAt);
    if (!scheduled) {
      // A concurrent open with the same key, or an earlier one whose commit failed, named the
      // task already; the latter's may even have run (finding nothing) and Cloud Tasks keeps
      // the name taken for about an hour. This upload gets a task for its own expiry as well:
      // expiring twice changes nothing.
      await this.scheduleExpiry(
        `expire-${submissionId}-${expiresAt.getTime()}`,
        submissionId,
        expireAt,
      );
    }

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
    const winner = await this.repo.firestore.runTransaction(async (tx) => {
      // A concurrent open with the same key may have committed since the read above; and a
      // transaction the client library retried may find its own earlier attempt committed
      // (bench:soak saw ALREADY_EXISTS from that), which is this same upload.
      const existing = await this.repo.txGet(tx, submissionId);
      if (existing) return existing;
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
      return undefined;
    });
    if (winner) return replay(winner);
    return opened(submissionId, doc, resourceStatus, upload);
  }

  /** Schedules the expiry task; false when a task of that name exists or existed recently. */
  private async scheduleExpiry(name: string, submissionId: string, at: Date): Promise<boolean> {
    const target = TaskTargets.expireUpload;
    const { created } = await this.tasks.enqueue({
      queue: target.queue,
      name,
      url: this.config.taskTargetUrls[target.functionName],
      body: { submission_id: submissionId },
      scheduleTime: at,
    });
    return created;
  }

  /** A keyed open whose submission exists: the same upload, its URL signed again, or why not. */
  private async replay(
    submissionId: string,
    stored: SubmissionDoc,
    request: {
      caller: Caller;
      resourceId: string;
      body: OpenUploadBody;
      resourceStatus: ResourceStatus;
      now: Date;
    },
  ): Promise<OpenUploadResponse> {
    const decision = replayDecision(
      stored,
      { uid: request.caller.uid, resourceId: request.resourceId, body: request.body },
      request.now,
    );
    const refuse = (message: string, detail: string): AppError =>
      failedPrecondition(message, [{ path: 'headers.idempotency-key', message: detail }]);
    switch (decision.kind) {
      case 'different_request':
        throw refuse(
          `This Idempotency-Key already opened a different upload (${decision.fields.join(', ')} differ)`,
          'Already used for another upload: send a new key for a new file',
        );
      case 'settled':
        throw refuse(
          `The upload this Idempotency-Key opened is ${decision.status}`,
          `Its upload is ${decision.status}`,
        );
      case 'lapsed':
        throw refuse(
          'The upload this Idempotency-Key opened has expired',
          'Its upload has expired',
        );
      case 'replay': {
        const upload = await this.signer.upload(
          stored.object_path,
          stored.content_type,
          stored.size_bytes,
          stored.expires_at.toDate(),
          stored.resumable,
        );
        return opened(submissionId, stored, request.resourceStatus, upload);
      }
    }
  }
}
