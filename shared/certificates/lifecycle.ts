import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import { failedPrecondition, notFound } from '../errors';
import type { ProgressRepository } from '../progress/repository';
import type { RequestContext } from '../use-case';
import type { UserDirectory } from '../users/directory';
import type { CertificateArtifacts } from './artifacts';
import { credentialFromJws } from './credential';
import { newCertificateId } from './ids';
import { issuerProfile, learnerSubjectId, type IssuerSettings } from './issuer';
import {
  certificatePdfObjectPath,
  verificationUrl,
  type CertificateDoc,
  type PrintedFields,
} from './model';
import type { CertificateNotices } from './notices';
import { certificateDocument } from './printed';
import type { CertificatesRepository } from './repository';
import type { ReissueBodySchema, RevokeBodySchema, VerifyResponse } from './schemas';
import { printedOf, verifyResponse } from './views';

type CertificateParams = { certificate_id: string };

/**
 * What administrators do to issued certificates. Nothing is edited in place: a revocation is
 * recorded beside the frozen fields (its reason shown publicly), and a correction is a new
 * certificate that `supersedes` the old one, whose verify answer then points to it.
 */
export class CertificateLifecycle {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly progress: ProgressRepository,
    private readonly artifacts: CertificateArtifacts,
    private readonly directory: UserDirectory,
    private readonly notices: CertificateNotices,
    private readonly audit: AuditLog,
    private readonly settings: IssuerSettings,
  ) {}

  async revoke(
    caller: Caller,
    params: CertificateParams,
    input: z.output<typeof RevokeBodySchema>,
    ctx: RequestContext,
  ): Promise<VerifyResponse> {
    const id = params.certificate_id;
    const revoked = await this.repo.runTransaction(async (tx) => {
      const doc = await this.repo.txGet(tx, id);
      if (!doc) throw notFound(`Certificate ${id}`);
      const ref = this.progress.enrollmentRef(doc.user_id, doc.pathway_id);
      const enrollment = await this.progress.txEnrollment(tx, ref);
      if (doc.revoked_at) {
        throw failedPrecondition(`Certificate ${id} was already revoked: ${doc.revocation_reason}`);
      }
      const now = Timestamp.now();
      const change = {
        revoked_at: now,
        revocation_reason: input.reason,
        revoked_by: caller.uid,
        updated_at: now,
      };
      this.repo.txUpdate(tx, id, change);
      const current = enrollment?.certificate;
      if (current?.certificate_id === id) {
        this.progress.txSetCertificate(tx, ref, { ...current, status: 'revoked' }, now);
      }
      this.audited(tx, caller, 'certificate_revoked', doc, ctx, now, { reason: input.reason });
      return { ...doc, ...change };
    });
    return verifyResponse(revoked, new Date());
  }

  /**
   * Issues a corrected copy: the same achievement, completion date and validity, with the
   * learner's name as given (or as the account now states it), under a new id.
   */
  async reissue(
    caller: Caller,
    params: CertificateParams,
    input: z.output<typeof ReissueBodySchema>,
    ctx: RequestContext,
  ): Promise<VerifyResponse> {
    const old = await this.repo.get(params.certificate_id);
    if (!old) throw notFound(`Certificate ${params.certificate_id}`);
    if (old.superseded_by) throw alreadyReplaced(old);
    const [contact, recipient] = await Promise.all([
      this.directory.contact(old.user_id),
      this.notices.recipient(old.user_id),
    ]);
    const name = input.learner_name ?? contact.name ?? old.learner_name;
    const id = newCertificateId();
    const fields: PrintedFields = {
      ...printedOf(old),
      certificate_id: id,
      learner_name: name,
      verification_url: verificationUrl(this.settings.publicBaseUrl, id),
    };
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const validUntil = old.valid_until?.toDate() ?? null;
    const achievement = credentialFromJws(old.credential).credentialSubject.achievement;
    const objectPath = certificatePdfObjectPath(id);
    const artifact = await this.artifacts.produce(
      {
        fields,
        issuedAt,
        validUntil,
        issuer: issuerProfile(this.settings),
        subjectId: learnerSubjectId(old.user_id),
        achievementId: achievement.id,
        criteria: achievement.criteria.narrative,
      },
      objectPath,
    );
    const outcome = await this.repo.runTransaction(async (tx) => {
      const [current, taken] = await Promise.all([
        this.repo.txGet(tx, old.certificate_id),
        this.repo.txExists(tx, id),
      ]);
      const ref = this.progress.enrollmentRef(old.user_id, old.pathway_id);
      const enrollment = await this.progress.txEnrollment(tx, ref);
      if (!current || current.superseded_by || taken) return current ?? old;
      const now = Timestamp.now();
      const doc = certificateDocument({
        fields,
        userId: old.user_id,
        enrollmentId: old.enrollment_id,
        objectPath,
        artifact,
        issuedAt,
        validUntil,
        now,
        reissue: { supersedes: old.certificate_id, reason: input.reason, by: caller.uid },
      });
      this.repo.txCreate(tx, doc);
      this.repo.txUpdate(tx, old.certificate_id, {
        superseded_by: id,
        superseded_at: now,
        updated_at: now,
      });
      if (enrollment?.certificate?.certificate_id === old.certificate_id) {
        this.progress.txSetCertificate(
          tx,
          ref,
          {
            certificate_id: id,
            status: 'issued',
            attempt: 1,
            lease_until: null,
            issued_at: doc.issued_at,
            verification_url: doc.verification_url,
          },
          now,
        );
      }
      this.notices.reissued(tx, recipient, doc, old.certificate_id, now);
      this.audited(tx, caller, 'certificate_reissued', old, ctx, now, {
        reason: input.reason,
        new_certificate_id: id,
      });
      return doc;
    });
    if (outcome.certificate_id !== id) {
      await this.artifacts.discard(objectPath);
      throw alreadyReplaced(outcome);
    }
    return verifyResponse(outcome, new Date());
  }

  private audited(
    tx: Transaction,
    caller: Caller,
    action: 'certificate_revoked' | 'certificate_reissued',
    doc: CertificateDoc,
    ctx: RequestContext,
    at: Timestamp,
    details: Record<string, unknown>,
  ): void {
    this.audit.inTransaction(tx, {
      action,
      actor: caller,
      submissionId: null,
      submission: { user_id: doc.user_id, pathway_id: doc.pathway_id, resource_id: null },
      requestId: ctx.requestId,
      at,
      details: { certificate_id: doc.certificate_id, ...details },
    });
  }
}

function alreadyReplaced(doc: CertificateDoc) {
  return failedPrecondition(
    `Certificate ${doc.certificate_id} was already replaced by ${doc.superseded_by ?? 'another'}; correct that one instead`,
  );
}
