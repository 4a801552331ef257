import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import { notFound } from '../errors';
import type { SubmissionParams } from '../schemas/params';
import { isoRequired } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import { QUARANTINE_PREFIX } from './model';
import type { SubmissionsRepository } from './repository';
import type { PurgeFileBodySchema, PurgeFileResponseSchema } from './schemas';

/**
 * An admin hard-deletes a submission's bytes (seed 000: files are deleted only by an admin). The
 * object and any quarantined copy go first, then the record is marked and the audit log says
 * who and why, in one transaction; a retry after a crash deletes nothing new and marks once.
 */
export class SubmissionFilePurge {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly bucket: Bucket,
    private readonly audit: AuditLog,
  ) {}

  async purge(
    caller: Caller,
    params: SubmissionParams,
    body: z.output<typeof PurgeFileBodySchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof PurgeFileResponseSchema>> {
    const submissionId = params.submission_id;
    const sub = await this.repo.get(submissionId);
    if (!sub) throw notFound(`Submission ${submissionId}`);
    if (!sub.file_purge) {
      await Promise.all(
        [sub.object_path, `${QUARANTINE_PREFIX}${sub.object_path}`].map((name) =>
          this.bucket.file(name).delete({ ignoreNotFound: true }),
        ),
      );
    }
    const purge = await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, submissionId);
      if (!current) throw notFound(`Submission ${submissionId}`);
      if (current.file_purge) return current.file_purge;
      const now = Timestamp.now();
      const record = { at: now, by: caller.uid, reason: body.reason };
      this.repo.txUpdate(tx, submissionId, { file_purge: record, updated_at: now });
      this.audit.inTransaction(tx, {
        action: 'submission_file_purged',
        actor: caller,
        submissionId,
        submission: current,
        requestId: ctx.requestId,
        at: now,
        details: { reason: body.reason, object_path: current.object_path },
      });
      return record;
    });
    return {
      submission_id: submissionId,
      file_deleted: true,
      deleted_at: isoRequired(purge.at),
      deleted_by: purge.by,
      reason: purge.reason,
    };
  }
}
