import { randomUUID } from 'node:crypto';
import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import { log, LogEvent } from '../log';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { NoInput } from '../schemas/params';
import { compactTimestamp } from '../submissions/model';
import type { UserDirectory } from '../users/directory';
import type { RequestContext, ResponseOf } from '../use-case';
import { exportArchive } from './export-archive';
import { EXPORTS_PREFIX } from './model';
import type { LearnerRecordsReader } from './learner-records';
import type { DataExportSchema } from './schemas';

export const EXPORT_RATE: RateRule = { what: 'data exports', limit: 5, windowSeconds: 3600 };
/** The archive's link is short-lived: it is the learner's whole record. */
export const EXPORT_URL_TTL_SECONDS = 300;

/**
 * `GET /api/v1/users/me/export`: the caller's own data as one JSON archive, written to the
 * submissions bucket (a lifecycle rule deletes exports after a day) and handed back behind a
 * signed URL that lives a few minutes. Every export is audited.
 */
export class DataExport {
  constructor(
    private readonly records: LearnerRecordsReader,
    private readonly directory: UserDirectory,
    private readonly bucket: Bucket,
    private readonly audit: AuditLog,
    private readonly rateLimits: RateLimiter,
    private readonly urlTtlSeconds: number,
  ) {}

  async export(
    caller: Caller,
    _params: NoInput,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DataExportSchema>> {
    await this.rateLimits.take(EXPORT_RATE, caller.uid);
    const now = new Date();
    const [contact, records] = await Promise.all([
      this.directory.contact(caller.uid),
      this.records.of(caller.uid),
    ]);
    const archive = exportArchive(
      { uid: caller.uid, email: contact.email, name: contact.name, role: caller.role },
      records,
      now,
    );
    const bytes = Buffer.from(JSON.stringify(archive, null, 2), 'utf8');
    const exportId = randomUUID();
    const file = this.bucket.file(`${EXPORTS_PREFIX}${caller.uid}/${exportId}.json`);
    await file.save(bytes, { contentType: 'application/json', resumable: false });
    const expires = new Date(
      now.getTime() + Math.min(this.urlTtlSeconds, EXPORT_URL_TTL_SECONDS) * 1000,
    );
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'read',
      expires,
      responseDisposition: `attachment; filename="pathwise-export-${compactTimestamp(now)}.json"`,
    });
    const counts = {
      enrollments: records.enrollments.length,
      quiz_attempts: records.enrollments.reduce((n, e) => n + e.quiz_attempts.length, 0),
      submissions: records.submissions.length,
      certificates: records.certificates.length,
      media: records.media.length,
      learner_events: records.events.length,
    };
    await this.audit.append({
      action: 'data_exported',
      actor: caller,
      submissionId: null,
      submission: { user_id: caller.uid, pathway_id: null, resource_id: null },
      requestId: ctx.requestId,
      at: Timestamp.fromDate(now),
      details: { export_id: exportId, size_bytes: bytes.length, ...counts },
    });
    log.info(LogEvent.dataExported, 'Data export written', {
      uid: caller.uid,
      export_id: exportId,
      size_bytes: bytes.length,
    });
    return {
      export_id: exportId,
      url,
      expires_at: expires.toISOString(),
      size_bytes: bytes.length,
      counts,
    };
  }
}
