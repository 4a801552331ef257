import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import type { Config } from '../config';
import {
  invalidArgument,
  payloadTooLarge,
  permissionDenied,
  resourceExhausted,
  type ErrorDetail,
} from '../errors';
import type { TaskQueue } from '../platform/tasks';
import type { NoInput } from '../schemas/params';
import { reserve, type Reservation } from '../submissions/quota';
import type { UploadSigner } from '../submissions/signed-urls';
import { TaskTargets } from '../triggers';
import type { RequestContext, ResponseOf } from '../use-case';
import {
  KIND_RULES,
  MEDIA_QUOTA,
  mayUpload,
  mediaObjectPath,
  planMediaFile,
  type MediaKind,
} from './kinds';
import type { MediaDoc } from './model';
import type { MediaRepository } from './repository';
import type {
  MediaBatchResponseSchema,
  MediaFileInput,
  OpenMediaBatchSchema,
  OpenMediaResponseSchema,
} from './schemas';
import { mediaView } from './views';
import type { z } from 'zod';

/** A resumable session outlives its signed start URL, so slow links get a day to finish. */
const RESUMABLE_GRACE_SECONDS = 24 * 3600;

export type MediaUploadsConfig = Pick<
  Config,
  | 'submissionsBucket'
  | 'uploadUrlTtlSeconds'
  | 'uploadExpiryGraceSeconds'
  | 'taskTargetUrls'
  | 'publicBaseUrl'
>;

interface PlannedFile {
  id: string;
  kind: MediaKind;
  input: MediaFileInput;
  contentType: string;
  objectPath: string;
  resumable: boolean;
}

type Opened = ResponseOf<typeof OpenMediaResponseSchema>;

/**
 * Opening media uploads (seed 003 `/upload/*`): checks role, extension, declared type and size,
 * reserves the uploader's media quota, schedules each upload's expiry, records the items as
 * `awaiting_upload` and hands back one signed URL per file, bound to type and exact length. The
 * bytes go straight to Cloud Storage; the finalize trigger checks them (finalize.ts).
 */
export class OpenMediaUpload {
  constructor(
    private readonly config: MediaUploadsConfig,
    private readonly repo: MediaRepository,
    private readonly signer: UploadSigner,
    private readonly tasks: TaskQueue,
  ) {}

  /** One file of one kind: `POST /api/v1/upload/{video|image|document}`. */
  async open(
    caller: Caller,
    params: { kind: MediaKind },
    input: MediaFileInput,
    _ctx: RequestContext,
  ): Promise<Opened> {
    const [opened] = await this.openAll(caller, [{ kind: params.kind, input, at: '' }]);
    return opened as Opened;
  }

  /** Up to ten files of any kinds, one signed URL each: `POST /api/v1/upload/batch`. */
  async batch(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof OpenMediaBatchSchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof MediaBatchResponseSchema>> {
    const files = input.files.map(({ kind, ...file }, i) => ({
      kind,
      input: file,
      at: `files[${i}].`,
    }));
    return { files: await this.openAll(caller, files) };
  }

  private async openAll(
    caller: Caller,
    files: { kind: MediaKind; input: MediaFileInput; at: string }[],
  ): Promise<Opened[]> {
    const planned = this.plan(caller, files);
    const now = new Date();
    const requests: Reservation[] = planned.map((f) => ({
      submission_id: f.id,
      at: now.getTime(),
      bytes: f.input.size_bytes,
    }));
    // Fail fast before anything is signed or scheduled; the transaction below decides for real.
    reserveAll(await this.repo.quota.reservations(caller.uid), requests);

    const expiresAt = new Date(now.getTime() + this.config.uploadUrlTtlSeconds * 1000);
    const uploads = await Promise.all(
      planned.map((f) =>
        this.signer.upload(f.objectPath, f.contentType, f.input.size_bytes, expiresAt, f.resumable),
      ),
    );
    // Expiry tasks exist before the items do: should the commit fail, they find nothing.
    const target = TaskTargets.expireUpload;
    await Promise.all(
      planned.map((f) =>
        this.tasks.enqueue({
          queue: target.queue,
          name: `expire-media-${f.id}`,
          url: this.config.taskTargetUrls[target.functionName],
          body: { media_id: f.id },
          scheduleTime: new Date(
            expiresAt.getTime() +
              (f.resumable ? RESUMABLE_GRACE_SECONDS : this.config.uploadExpiryGraceSeconds) * 1000,
          ),
        }),
      ),
    );

    const created = Timestamp.fromDate(now);
    const docs = planned.map((f) =>
      awaitingUpload(caller, f, this.config.submissionsBucket, expiresAt, created),
    );
    await this.repo.firestore.runTransaction(async (tx) => {
      const reservations = reserveAll(
        await this.repo.quota.txReservations(tx, caller.uid),
        requests,
      );
      this.repo.quota.txSetReservations(tx, caller.uid, reservations, created);
      planned.forEach((f, i) => this.repo.txCreate(tx, f.id, docs[i] as MediaDoc));
    });
    return planned.map((f, i) => ({
      ...mediaView(this.config.publicBaseUrl, f.id, docs[i] as MediaDoc),
      expires_at: expiresAt.toISOString(),
      upload: uploads[i] as Opened['upload'],
    }));
  }

  /** Every file checked before anything happens; all problems reported at once, with paths. */
  private plan(
    caller: Caller,
    files: { kind: MediaKind; input: MediaFileInput; at: string }[],
  ): PlannedFile[] {
    const refused = files.filter((f) => !mayUpload(caller, f.kind));
    if (refused.length > 0) {
      const kinds = [...new Set(refused.map((f) => f.kind))].join(' and ');
      throw permissionDenied(`Uploading a ${kinds} needs the instructor role`);
    }
    const details: ErrorDetail[] = [];
    let tooLarge = true;
    const planned: PlannedFile[] = [];
    for (const f of files) {
      const plan = planMediaFile(f.kind, f.input, f.at);
      if (!plan.ok) {
        details.push(...plan.details);
        tooLarge &&= plan.tooLarge;
        continue;
      }
      const id = randomUUID();
      planned.push({
        id,
        kind: f.kind,
        input: f.input,
        contentType: plan.contentType,
        objectPath: mediaObjectPath(plan.folder, id, plan.extension),
        resumable: f.input.resumable ?? KIND_RULES[f.kind].resumableByDefault,
      });
    }
    if (details.length > 0) {
      // 413 only when size is the one thing wrong; anything else is the client's mistake to fix.
      if (tooLarge) throw payloadTooLarge('The file is larger than its kind allows', details);
      throw invalidArgument('Some files cannot be uploaded as media', details);
    }
    return planned;
  }
}

function reserveAll(current: Reservation[], requests: readonly Reservation[]): Reservation[] {
  let reservations = current;
  for (const request of requests) {
    const decision = reserve(reservations, request, MEDIA_QUOTA);
    if (!decision.ok) throw resourceExhausted(decision.reason, decision.retryAfterSeconds);
    reservations = decision.reservations;
  }
  return reservations;
}

function awaitingUpload(
  caller: Caller,
  f: PlannedFile,
  bucket: string,
  expiresAt: Date,
  created: Timestamp,
): MediaDoc {
  return {
    owner_uid: caller.uid,
    kind: f.kind,
    file_name: f.input.file_name,
    content_type: f.contentType,
    size_bytes: f.input.size_bytes,
    bucket,
    object_path: f.objectPath,
    resumable: f.resumable,
    status: 'awaiting_upload',
    expires_at: Timestamp.fromDate(expiresAt),
    detected_type: null,
    generation: null,
    md5_hash: null,
    scan: null,
    rejection_reason: null,
    created_at: created,
    uploaded_at: null,
    updated_at: created,
  };
}
