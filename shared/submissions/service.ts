import {
  FieldPath,
  Filter,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Query,
} from 'firebase-admin/firestore';
import type { z } from 'zod';
import { audit, auditInTransaction } from '../audit';
import { hasRole, type Caller } from '../auth';
import { locateResource } from '../catalog/outline';
import type { PathwayDoc, ResourceDoc } from '../catalog/service';
import { getConfig } from '../config';
import {
  failedPrecondition,
  invalidArgument,
  notFound,
  payloadTooLarge,
  permissionDenied,
  resourceExhausted,
} from '../errors';
import { DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB } from '../file-types';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { log, LogEvent } from '../log';
import { mailRef, paragraphsHtml, queueMail } from '../mail';
import { adminAuth } from '../platform/firebase';
import type { StorageObjectData } from '../platform/functions';
import { countReads, countWrites } from '../platform/io-stats';
import { submissionsBucket } from '../platform/storage';
import { enqueueHttpTask } from '../platform/tasks';
import { progress, type ProgressService } from '../progress/service';
import { applyAction } from '../progress/transitions';
import { iso, isoRequired } from '../time';
import { checkDeclaredType, SNIFF_BYTES } from './magic';
import {
  FEEDBACK_PREFIX,
  gcsUrl,
  HAS_FILE,
  parseSubmissionObjectPath,
  QUARANTINE_PREFIX,
  safeFileName,
  compactTimestamp,
  submissionObjectPath,
  type ReviewRecord,
  type SubmissionDoc,
} from './model';
import { release, reserve, type Reservation } from './quota';
import { passThroughScanner, type MalwareScanner, type ScanResult } from './scanner';
import type {
  DeleteSubmissionResponseSchema,
  DownloadResponseSchema,
  OpenUploadResponseSchema,
  OpenUploadSchema,
  PendingListSchema,
  PendingQuery,
  ReviewBody,
  ReviewResponseSchema,
  SubmissionListSchema,
} from './schemas';
import { submissionView } from './views';

type Out<S extends z.ZodType> = z.input<S>;

export const EXPIRY_QUEUE = 'upload-expiry';
export const EXPIRY_FUNCTION = 'expireUpload';
const MB = 1024 * 1024;
const RESUMABLE_GRACE_SECONDS = 24 * 3600;

/** What the finalize trigger read of an object, for the upload benchmark. */
export const finalizeStats = { bytesRead: 0 };

class AlreadyRecorded extends Error {}

export type GuardDecision =
  { handle: true; submissionId: string } | { handle: false; reason: string };

/**
 * The finalize trigger's one guard: which objects are submissions it must record. Everything
 * else is skipped with the reason logged.
 */
export function finalizeGuard(
  object: Pick<StorageObjectData, 'bucket' | 'name'>,
  bucket: string,
): GuardDecision {
  if (object.bucket !== bucket)
    return { handle: false, reason: `bucket ${object.bucket} is not the submissions bucket` };
  if (object.name.startsWith(QUARANTINE_PREFIX))
    return { handle: false, reason: 'quarantined object' };
  if (object.name.startsWith(FEEDBACK_PREFIX))
    return { handle: false, reason: 'reviewer feedback file' };
  const parsed = parseSubmissionObjectPath(object.name);
  if (!parsed) return { handle: false, reason: 'not a submission object path' };
  return { handle: true, submissionId: parsed.submissionId };
}

export class SubmissionService {
  constructor(
    private readonly progress: ProgressService,
    private readonly scanner: MalwareScanner = passThroughScanner,
  ) {}

  private get firestore(): Firestore {
    return this.progress.repo.firestore;
  }

  private ref(id: string): DocumentReference {
    return this.firestore.collection('submissions').doc(id);
  }

  private async load(id: string): Promise<SubmissionDoc | undefined> {
    countReads();
    return (await this.ref(id).get()).data() as SubmissionDoc | undefined;
  }

  private async learnerContact(
    uid: string,
  ): Promise<{ email: string | null; name: string | null }> {
    try {
      const user = await adminAuth().getUser(uid);
      return { email: user.email ?? null, name: user.displayName ?? null };
    } catch {
      return { email: null, name: null };
    }
  }

  /** Instructors review and read files of pathways they own; admins of all. */
  private async mayReview(caller: Caller, pathwayId: string): Promise<boolean> {
    if (caller.role === 'admin') return true;
    if (caller.role !== 'instructor') return false;
    const pathway = await this.progress.repo.pathway(pathwayId);
    return pathway?.owner_uid === caller.uid;
  }

  // ------------------------------------------------------------------ open an upload

  async openUpload(
    caller: Caller,
    resourceId: string,
    body: z.output<typeof OpenUploadSchema>,
    requestId: string,
  ): Promise<Out<typeof OpenUploadResponseSchema>> {
    const config = getConfig();
    const { pathwayId, location } = await this.progress.locate(caller, resourceId);
    if (!location.resource.requires_upload) {
      throw invalidArgument(`Resource ${resourceId} does not take uploads`, [
        { path: 'params.resource_id', message: 'This resource does not require an upload' },
      ]);
    }
    const resource = (await this.progress.repo.resource(resourceId)) as ResourceDoc;
    const accepted = resource.accepted_file_types ?? [];
    if (!accepted.includes(body.content_type)) {
      throw invalidArgument(`This resource accepts ${accepted.join(', ')}`, [
        { path: 'content_type', message: `Not accepted here; use one of ${accepted.join(', ')}` },
      ]);
    }
    const limitMb = Math.min(resource.max_file_size_mb ?? DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB);
    if (body.size_bytes > limitMb * MB) {
      throw payloadTooLarge(`Files for this resource are at most ${limitMb} MB`, [
        { path: 'size_bytes', message: `At most ${limitMb * MB} bytes` },
      ]);
    }
    if (!(await this.progress.repo.enrollment(caller.uid, pathwayId))) {
      throw failedPrecondition(
        `Enrol in pathway ${pathwayId} first (POST /api/v1/pathways/${pathwayId}/enroll)`,
      );
    }

    const quotaRef = this.firestore.collection('rateLimits').doc(caller.uid);
    const submissionId = this.firestore.collection('submissions').doc().id;
    const now = new Date();
    const reservation: Reservation = {
      submission_id: submissionId,
      at: now.getTime(),
      bytes: body.size_bytes,
    };
    // Fail fast before anything is scheduled; the transaction below decides for real.
    const early = reserve(
      ((await quotaRef.get()).data()?.reservations as Reservation[] | undefined) ?? [],
      reservation,
    );
    countReads();
    if (!early.ok) throw resourceExhausted(early.reason, early.retryAfterSeconds);

    const objectPath = submissionObjectPath({
      pathwayId,
      userId: caller.uid,
      resourceId,
      submissionId,
      fileName: body.file_name,
      at: now,
    });
    const expiresAt = new Date(now.getTime() + config.uploadUrlTtlSeconds * 1000);
    const upload = await this.signUpload(
      objectPath,
      body.content_type,
      body.size_bytes,
      expiresAt,
      body.resumable,
    );

    // The expiry task exists before the submission does: should the commit fail, it finds
    // nothing to expire; should it succeed, nothing can be left awaiting forever.
    await enqueueHttpTask({
      queue: EXPIRY_QUEUE,
      name: `expire-${submissionId}`,
      url: `${config.functionsBaseUrl}/${EXPIRY_FUNCTION}`,
      body: { submission_id: submissionId },
      // A resumable session outlives its signed start URL, so slow links get a day to finish.
      scheduleTime: new Date(
        expiresAt.getTime() +
          (body.resumable ? RESUMABLE_GRACE_SECONDS : config.uploadExpiryGraceSeconds) * 1000,
      ),
    });

    const created = Timestamp.fromDate(now);
    const doc: SubmissionDoc = {
      user_id: caller.uid,
      pathway_id: pathwayId,
      module_id: location.module.module_id,
      resource_id: resourceId,
      attempt_number: null,
      file_name: body.file_name,
      content_type: body.content_type,
      size_bytes: body.size_bytes,
      notes: body.notes ?? null,
      bucket: config.submissionsBucket,
      object_path: objectPath,
      resumable: body.resumable,
      status: 'awaiting_upload',
      expires_at: Timestamp.fromDate(expiresAt),
      detected_type: null,
      actual_size: null,
      md5_hash: null,
      crc32c: null,
      generation: null,
      scan: null,
      rejection_reason: null,
      review: null,
      review_history: [],
      created_at: created,
      uploaded_at: null,
      expired_at: null,
      deleted_at: null,
      updated_at: created,
    };
    await this.firestore.runTransaction(async (tx) => {
      const current =
        ((await tx.get(quotaRef)).data()?.reservations as Reservation[] | undefined) ?? [];
      countReads();
      const decision = reserve(current, reservation);
      if (!decision.ok) throw resourceExhausted(decision.reason, decision.retryAfterSeconds);
      tx.set(quotaRef, { reservations: decision.reservations, updated_at: created });
      tx.create(this.ref(submissionId), doc);
      countWrites(2);
      auditInTransaction(this.firestore, tx, {
        action: 'upload_url_issued',
        actor: caller,
        submissionId,
        submission: doc,
        requestId,
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
      upload,
    };
  }

  /**
   * A V4 signed URL that binds the content type, the exact length and "must not exist yet"
   * (so a submission is never overwritten); or, for large files, a signed resumable start.
   */
  private async signUpload(
    objectPath: string,
    contentType: string,
    size: number,
    expires: Date,
    resumable: boolean,
  ) {
    const file = submissionsBucket().file(objectPath);
    if (resumable) {
      const headers = { 'x-goog-if-generation-match': '0' };
      const [url] = await file.getSignedUrl({
        version: 'v4',
        action: 'resumable',
        expires,
        contentType,
        extensionHeaders: headers,
      });
      return {
        method: 'POST' as const,
        url,
        headers: { 'Content-Type': contentType, 'x-goog-resumable': 'start', ...headers },
        resumable: true,
        expires_at: expires.toISOString(),
      };
    }
    const headers = {
      'x-goog-content-length-range': `${size},${size}`,
      'x-goog-if-generation-match': '0',
    };
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'write',
      expires,
      contentType,
      extensionHeaders: headers,
    });
    return {
      method: 'PUT' as const,
      url,
      headers: { 'Content-Type': contentType, ...headers },
      resumable: false,
      expires_at: expires.toISOString(),
    };
  }

  // ------------------------------------------------------------------ finalize

  async finalize(object: StorageObjectData, eventId: string): Promise<void> {
    const config = getConfig();
    const guard = finalizeGuard(object, config.submissionsBucket);
    if (!guard.handle) {
      log.info(LogEvent.eventIgnored, `Finalize skipped: ${guard.reason}`, {
        object: object.name,
        bucket: object.bucket,
        event_id: eventId,
      });
      return;
    }
    const submissionId = guard.submissionId;
    const sub = await this.load(submissionId);
    if (!sub || sub.object_path !== object.name) {
      log.warn(LogEvent.eventIgnored, 'Finalize for an unknown submission; object quarantined', {
        object: object.name,
        event_id: eventId,
      });
      await this.quarantine(object.name);
      return;
    }
    if (sub.generation === object.generation && sub.status !== 'scan_pending') {
      log.info(LogEvent.eventDuplicate, 'Finalize already recorded for this generation', {
        submission_id: submissionId,
        event_id: eventId,
      });
      return;
    }
    if (sub.status === 'expired') {
      log.warn(LogEvent.eventIgnored, 'Finalize after the upload expired; object quarantined', {
        submission_id: submissionId,
      });
      await this.quarantine(object.name);
      return;
    }
    if (sub.status !== 'awaiting_upload') {
      log.warn(
        LogEvent.eventIgnored,
        `Finalize for a submission already ${sub.status}; object quarantined`,
        { submission_id: submissionId },
      );
      await this.quarantine(object.name);
      return;
    }

    const size = Number(object.size);
    const limit = MAX_UPLOAD_MB * MB;
    if (size !== sub.size_bytes || size > limit) {
      await this.rejectInvalid(
        submissionId,
        sub,
        object,
        `The file has ${size} bytes; ${sub.size_bytes} were declared`,
      );
      return;
    }
    const file = submissionsBucket().file(object.name, { generation: Number(object.generation) });
    const [head] = await file.download({
      start: 0,
      end: Math.min(size, SNIFF_BYTES) - 1,
      validation: false,
    });
    finalizeStats.bytesRead += head.length;
    const verdict = checkDeclaredType(sub.content_type, head, size <= SNIFF_BYTES);
    if (!verdict.ok) {
      await this.rejectInvalid(
        submissionId,
        sub,
        object,
        verdict.reason ?? 'Type mismatch',
        verdict.detected,
      );
      return;
    }
    const scan = await this.scanner.scan(file, sub.content_type);
    await this.settleScan(submissionId, sub, object, verdict.detected, scan, eventId);
  }

  /** Records the scanner's answer; an asynchronous scanner calls this when it is done. */
  async settleScan(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    detected: string | null,
    scan: ScanResult,
    eventId: string,
  ): Promise<void> {
    const now = Timestamp.now();
    const scanRecord = {
      state: scan.state,
      scanner: this.scanner.name,
      at: now,
      detail: scan.detail,
    };
    if (scan.state === 'infected') {
      await this.rejectInvalid(
        submissionId,
        sub,
        object,
        `Malware found: ${scan.detail ?? 'infected'}`,
        detected,
        scanRecord,
      );
      return;
    }
    const fileFacts = {
      actual_size: Number(object.size),
      md5_hash: object.md5Hash ?? null,
      crc32c: object.crc32c ?? null,
      generation: object.generation,
      detected_type: detected,
      scan: scanRecord,
    };
    if (scan.state === 'pending') {
      await this.ref(submissionId).update({
        status: 'scan_pending',
        ...fileFacts,
        updated_at: now,
      });
      countWrites();
      return;
    }
    await this.recordUpload(submissionId, sub, fileFacts, eventId);
  }

  private async recordUpload(
    submissionId: string,
    sub: SubmissionDoc,
    facts: Partial<SubmissionDoc>,
    eventId: string,
  ): Promise<void> {
    const pathway = await this.progress.repo.pathway(sub.pathway_id);
    if (!pathway) {
      log.warn(
        LogEvent.eventIgnored,
        'Submission of a deleted pathway; file kept, no progress recorded',
        { submission_id: submissionId },
      );
      return;
    }
    const subRef = this.ref(submissionId);
    const counterRef = this.firestore
      .collection('submissionCounters')
      .doc(`${sub.user_id}_${sub.resource_id}`);
    try {
      await this.progress.transact({
        userId: sub.user_id,
        pathwayId: sub.pathway_id,
        pathway,
        requestId: `finalize:${eventId}`,
        change: async ({ tx, enrollment, now }) => {
          const current = (await tx.get(subRef)).data() as SubmissionDoc | undefined;
          const counter = (await tx.get(counterRef)).data() as { count: number } | undefined;
          countReads(2);
          if (
            !current ||
            (current.status !== 'awaiting_upload' && current.status !== 'scan_pending')
          )
            throw new AlreadyRecorded();
          const attempt = (counter?.count ?? 0) + 1;
          tx.set(counterRef, { count: attempt, updated_at: now });
          tx.update(subRef, {
            ...facts,
            status: 'uploaded',
            attempt_number: attempt,
            uploaded_at: now,
            updated_at: now,
          });
          countWrites(2);
          const entry = locateResource(pathway.outline, sub.resource_id)?.resource;
          if (!entry) return { touched: {} };
          const state = applyAction(
            entry,
            enrollment.resources[sub.resource_id],
            { kind: 'submission_recorded', submission_id: submissionId },
            now,
          );
          return { touched: { [sub.resource_id]: state } };
        },
      });
    } catch (error) {
      if (error instanceof AlreadyRecorded) {
        log.info(LogEvent.eventDuplicate, 'Submission already recorded', {
          submission_id: submissionId,
        });
        return;
      }
      throw error;
    }
    log.info(LogEvent.eventProcessed, 'Submission recorded', {
      submission_id: submissionId,
      resource_id: sub.resource_id,
    });
  }

  private async rejectInvalid(
    submissionId: string,
    sub: SubmissionDoc,
    object: StorageObjectData,
    reason: string,
    detected: string | null = null,
    scan: SubmissionDoc['scan'] = null,
  ): Promise<void> {
    const contact = await this.learnerContact(sub.user_id);
    const subRef = this.ref(submissionId);
    await this.firestore.runTransaction(async (tx) => {
      const current = (await tx.get(subRef)).data() as SubmissionDoc | undefined;
      countReads();
      if (!current || current.status !== 'awaiting_upload') return;
      const now = Timestamp.now();
      tx.update(subRef, {
        status: 'rejected_invalid',
        rejection_reason: reason,
        actual_size: Number(object.size),
        generation: object.generation,
        detected_type: detected,
        scan,
        updated_at: now,
      });
      countWrites();
      if (contact.email) {
        const text = [
          `Hello${contact.name ? ` ${contact.name}` : ''},`,
          `We could not accept "${sub.file_name}" for resource ${sub.resource_id}: ${reason}.`,
          'Please upload the file again in one of the accepted formats.',
        ];
        queueMail(
          tx,
          mailRef(this.firestore, `submission-invalid-${submissionId}`),
          {
            to: contact.email,
            subject: `Your upload "${sub.file_name}" was not accepted`,
            text: text.join('\n\n'),
            html: paragraphsHtml(text),
          },
          now,
        );
      }
    });
    log.warn(LogEvent.eventProcessed, 'Submission rejected as invalid; object quarantined', {
      submission_id: submissionId,
      reason,
    });
    await this.quarantine(object.name);
  }

  private async quarantine(objectName: string): Promise<void> {
    try {
      await submissionsBucket().file(objectName).move(`${QUARANTINE_PREFIX}${objectName}`);
    } catch (error) {
      // Already moved by an earlier delivery of the same event.
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }

  // ------------------------------------------------------------------ expiry (Cloud Task)

  async expire(submissionId: string): Promise<'expired' | 'unchanged'> {
    const subRef = this.ref(submissionId);
    return this.firestore.runTransaction(async (tx) => {
      const sub = (await tx.get(subRef)).data() as SubmissionDoc | undefined;
      countReads();
      if (!sub || sub.status !== 'awaiting_upload') return 'unchanged' as const;
      const quotaRef = this.firestore.collection('rateLimits').doc(sub.user_id);
      const reservations =
        ((await tx.get(quotaRef)).data()?.reservations as Reservation[] | undefined) ?? [];
      countReads();
      const now = Timestamp.now();
      tx.update(subRef, { status: 'expired', expired_at: now, updated_at: now });
      tx.set(quotaRef, { reservations: release(reservations, submissionId), updated_at: now });
      countWrites(2);
      return 'expired' as const;
    });
  }

  // ------------------------------------------------------------------ learner endpoints

  async list(caller: Caller, resourceId: string): Promise<Out<typeof SubmissionListSchema>> {
    await this.progress.locate(caller, resourceId);
    const snap = await this.firestore
      .collection('submissions')
      .where('user_id', '==', caller.uid)
      .where('resource_id', '==', resourceId)
      .where('deleted_at', '==', null)
      .get();
    countReads(Math.max(1, snap.size));
    const submissions = snap.docs
      .map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }))
      .sort((a, b) => b.doc.created_at.toMillis() - a.doc.created_at.toMillis())
      .map(({ id, doc }) => submissionView(id, doc));
    return { resource_id: resourceId, submissions };
  }

  async softDelete(
    caller: Caller,
    submissionId: string,
    requestId: string,
  ): Promise<Out<typeof DeleteSubmissionResponseSchema>> {
    const ref = this.ref(submissionId);
    const deletedAt = await this.firestore.runTransaction(async (tx) => {
      const sub = (await tx.get(ref)).data() as SubmissionDoc | undefined;
      countReads();
      if (!sub || sub.user_id !== caller.uid) throw notFound(`Submission ${submissionId}`);
      if (sub.deleted_at) return sub.deleted_at;
      const now = Timestamp.now();
      tx.update(ref, { deleted_at: now, updated_at: now });
      countWrites();
      auditInTransaction(this.firestore, tx, {
        action: 'submission_deleted',
        actor: caller,
        submissionId,
        submission: sub,
        requestId,
        at: now,
      });
      return now;
    });
    return { submission_id: submissionId, deleted: true, deleted_at: isoRequired(deletedAt) };
  }

  async download(
    caller: Caller,
    submissionId: string,
    which: 'submission' | 'feedback',
    requestId: string,
  ): Promise<Out<typeof DownloadResponseSchema>> {
    const sub = await this.load(submissionId);
    const own = sub?.user_id === caller.uid;
    // Someone else's file is as good as absent, unless the caller reviews its pathway.
    if (
      !sub ||
      (!own && !(await this.mayReview(caller, sub.pathway_id))) ||
      (own && sub.deleted_at && !hasRole(caller, 'instructor'))
    ) {
      throw notFound(`Submission ${submissionId}`);
    }
    let objectPath: string;
    let fileName: string;
    if (which === 'feedback') {
      const feedback = sub.review?.feedback_file;
      if (!feedback) throw notFound(`Feedback file of submission ${submissionId}`);
      objectPath = feedback.object_path;
      fileName = feedback.file_name;
    } else {
      if (!HAS_FILE.includes(sub.status))
        throw failedPrecondition(
          `Submission ${submissionId} has no file to download (${sub.status})`,
        );
      objectPath = sub.object_path;
      fileName = sub.file_name;
    }
    const expires = new Date(Date.now() + getConfig().downloadUrlTtlSeconds * 1000);
    const [signedUrl] = await submissionsBucket()
      .file(objectPath)
      .getSignedUrl({
        version: 'v4',
        action: 'read',
        expires,
        responseDisposition: `attachment; filename="${safeFileName(fileName)}"`,
      });
    await audit(this.firestore, {
      action: 'download_url_issued',
      actor: caller,
      submissionId,
      submission: sub,
      requestId,
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

  // ------------------------------------------------------------------ review

  /** Pathways whose pending work this caller sees: all for admins, their own for instructors. */
  private async reviewScope(
    caller: Caller,
    pathwayId: string | undefined,
  ): Promise<string[] | 'all'> {
    if (pathwayId) {
      if (!(await this.mayReview(caller, pathwayId)))
        throw permissionDenied(`You do not review pathway ${pathwayId}`);
      return [pathwayId];
    }
    if (caller.role === 'admin') return 'all';
    const owned = await this.firestore
      .collection('pathways')
      .where('owner_uid', '==', caller.uid)
      .select()
      .get();
    countReads(Math.max(1, owned.size));
    const ids = owned.docs.map((d) => d.id);
    if (ids.length > 30) {
      throw invalidArgument('You own more than 30 pathways: filter by pathway_id', [
        { path: 'pathway_id', message: 'Required here' },
      ]);
    }
    return ids;
  }

  async pending(caller: Caller, query: PendingQuery): Promise<Out<typeof PendingListSchema>> {
    const scope = await this.reviewScope(caller, query.pathway_id);
    if (scope !== 'all' && scope.length === 0)
      return { total_pending: 0, submissions: [], next_page_token: null };
    let base: Query = this.firestore
      .collection('submissions')
      // Soft-deleted attempts stay in the queue (flagged): hiding one would leave its resource
      // counted as submitted with nobody ever judging it.
      .where('status', '==', 'uploaded');
    if (scope !== 'all')
      base = base.where(
        scope.length === 1
          ? Filter.where('pathway_id', '==', scope[0])
          : Filter.where('pathway_id', 'in', scope),
      );
    const [count, page] = await Promise.all([
      base.count().get(),
      (async () => {
        let q = base.orderBy('uploaded_at').orderBy(FieldPath.documentId());
        if (query.page_token) {
          const [at, id] = decodeCursor(query.page_token, 2);
          q = q.startAfter(Timestamp.fromMillis(Number(at)), String(id));
        } else if (query.offset > 0) q = q.offset(query.offset);
        return q.limit(query.limit + 1).get();
      })(),
    ]);
    countReads(1 + Math.max(1, page.size));
    const docs = page.docs
      .slice(0, query.limit)
      .map((d) => ({ id: d.id, doc: d.data() as SubmissionDoc }));
    const uids = [...new Set(docs.map((d) => d.doc.user_id))];
    const users =
      uids.length > 0 ? await adminAuth().getUsers(uids.map((uid) => ({ uid }))) : { users: [] };
    const people = new Map(users.users.map((u) => [u.uid, u]));
    const resourceIds = [...new Set(docs.map((d) => d.doc.resource_id))];
    const resources =
      resourceIds.length > 0
        ? await this.firestore.getAll(
            ...resourceIds.map((id) => this.firestore.collection('resources').doc(id)),
          )
        : [];
    countReads(resources.length);
    const resourceDocs = new Map(resources.map((s) => [s.id, s.data() as ResourceDoc | undefined]));
    const now = Date.now();
    const last = docs[docs.length - 1];
    return {
      total_pending: count.data().count,
      submissions: docs.map(({ id, doc }) => {
        const resource = resourceDocs.get(doc.resource_id);
        const person = people.get(doc.user_id);
        return {
          ...submissionView(id, doc),
          user_id: doc.user_id,
          user_email: person?.email ?? null,
          user_name: person?.displayName ?? null,
          resource_title: resource?.title ?? doc.resource_id,
          resource_type: resource?.type ?? 'exercise',
          deleted_by_learner_at: iso(doc.deleted_at),
          hours_waiting:
            Math.round(((now - (doc.uploaded_at ?? doc.created_at).toMillis()) / 3_600_000) * 10) /
            10,
        };
      }),
      next_page_token:
        page.size > query.limit && last
          ? encodeCursor([(last.doc.uploaded_at ?? last.doc.created_at).toMillis(), last.id])
          : null,
    };
  }

  async review(
    caller: Caller,
    submissionId: string,
    body: ReviewBody,
    requestId: string,
  ): Promise<Out<typeof ReviewResponseSchema>> {
    const sub = await this.load(submissionId);
    if (!sub || !(await this.mayReview(caller, sub.pathway_id)))
      throw notFound(`Submission ${submissionId}`);
    const reviewable = ['uploaded', 'approved', 'rejected'];
    if (!reviewable.includes(sub.status)) {
      throw failedPrecondition(
        `Submission ${submissionId} is ${sub.status}; only uploaded files are reviewed`,
      );
    }
    const pathway = (await this.progress.repo.pathway(sub.pathway_id)) as PathwayDoc;
    if (!pathway) throw notFound(`Pathway ${sub.pathway_id}`);
    const contact = await this.learnerContact(sub.user_id);
    const approved = body.submission_status === 'approved';
    const grade = body.grade ?? (approved ? 'pass' : 'fail');

    let feedbackUpload: Out<typeof ReviewResponseSchema>['feedback_upload'] = null;
    let feedbackFile: ReviewRecord['feedback_file'] = null;
    if (body.feedback_file) {
      const objectPath = `${FEEDBACK_PREFIX}${submissionId}/${compactTimestamp(new Date())}_${safeFileName(body.feedback_file.file_name)}`;
      const expires = new Date(Date.now() + getConfig().uploadUrlTtlSeconds * 1000);
      const signed = await this.signUpload(
        objectPath,
        body.feedback_file.content_type,
        body.feedback_file.size_bytes,
        expires,
        false,
      );
      feedbackUpload = { ...signed, object_path: objectPath };
      feedbackFile = {
        object_path: objectPath,
        file_name: body.feedback_file.file_name,
        content_type: body.feedback_file.content_type,
      };
    }

    const subRef = this.ref(submissionId);
    let record: ReviewRecord | undefined;
    const result = await this.progress.transact({
      userId: sub.user_id,
      pathwayId: sub.pathway_id,
      pathway,
      requestId,
      change: async ({ tx, enrollment, now }) => {
        const current = (await tx.get(subRef)).data() as SubmissionDoc | undefined;
        countReads();
        if (!current || !reviewable.includes(current.status)) {
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
          feedback_file: feedbackFile,
        };
        tx.update(subRef, {
          status: body.submission_status,
          review: record,
          review_history: [
            ...current.review_history,
            { ...record, old_status: current.status, old_grade: current.review?.grade ?? null },
          ],
          updated_at: now,
        });
        countWrites();
        auditInTransaction(this.firestore, tx, {
          action: 'submission_reviewed',
          actor: caller,
          submissionId,
          submission: sub,
          requestId,
          at: now,
          details: {
            from: current.status,
            to: body.submission_status,
            grade,
            stale_attempt: stale,
          },
        });
        if (feedbackFile) {
          auditInTransaction(this.firestore, tx, {
            action: 'feedback_upload_url_issued',
            actor: caller,
            submissionId,
            submission: sub,
            requestId,
            at: now,
          });
        }
        const entry = locateResource(pathway.outline, sub.resource_id)?.resource;
        if (contact.email) {
          const text = [
            `Hello${contact.name ? ` ${contact.name}` : ''},`,
            approved
              ? `Your submission "${sub.file_name}" for ${entry?.title ?? sub.resource_id} was approved (${grade}).`
              : `Your submission "${sub.file_name}" for ${entry?.title ?? sub.resource_id} needs another try (${grade}). You can upload a new version.`,
            ...(record.comments ? [`Reviewer's comments: ${record.comments}`] : []),
          ];
          queueMail(
            tx,
            mailRef(this.firestore, `review-${submissionId}-${current.review_history.length + 1}`),
            {
              to: contact.email,
              subject: approved
                ? `Approved: ${entry?.title ?? sub.resource_id}`
                : `Please resubmit: ${entry?.title ?? sub.resource_id}`,
              text: text.join('\n\n'),
              html: paragraphsHtml(text),
            },
            now,
          );
        }
        // Progress follows the newest attempt; reviewing an older one is recorded and flagged.
        if (stale || !entry) return { touched: {} };
        const next = applyAction(
          entry,
          state,
          { kind: 'submission_reviewed', approved, submission_id: submissionId },
          now,
        );
        return { touched: { [sub.resource_id]: next } };
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
      feedback_upload: feedbackUpload,
    };
  }
}

let instance: SubmissionService | undefined;
export function submissions(): SubmissionService {
  instance ??= new SubmissionService(progress());
  return instance;
}
