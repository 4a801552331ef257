import { Timestamp } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../catalog/model';
import type { CatalogRepository } from '../catalog/repository';
import { AppError, failedPrecondition, notFound } from '../errors';
import { withKeyLock } from '../platform/key-lock';
import { enrollmentId, type EnrollmentDoc } from '../progress/model';
import type { ProgressRepository } from '../progress/repository';
import { blankEnrollment } from '../progress/views';
import type { UserDirectory } from '../users/directory';
import type { CertificateArtifacts } from './artifacts';
import { criteriaNarrative, ineligibleError } from './eligibility';
import type { EligibilityReader } from './eligibility-reader';
import { newCertificateId } from './ids';
import { achievementId, issuerProfile, learnerSubjectId, type IssuerSettings } from './issuer';
import { certificatePdfObjectPath, verificationUrl, type EnrollmentCertificate } from './model';
import type { CertificateNotices } from './notices';
import { certificateDocument, printedFields } from './printed';
import type { CertificatesRepository } from './repository';
import { rulesOf } from './rules';
import { validUntilFor } from './state';
import { crashPoint } from '../platform/faults';

/**
 * Issues a learner's certificate for a pathway: exactly one, however often and however
 * concurrently it is asked for (by `pathway_completed` events or by requests).
 *
 *   1. claim    — one transaction on the enrollment: re-checks eligibility against the enrollment
 *                 as it is, reserves the certificate id and takes a lease for one attempt;
 *   2. produce  — outside any transaction: sign, render and store the PDF of that attempt;
 *   3. finalize — one transaction: if the attempt still holds the lease and the learner is still
 *                 eligible, create `certificates/{id}`, mark the enrollment and queue the mail.
 *
 * An event that finds the lease held answers at once with a retryable failure (503), so the
 * platform's backoff redelivers it instead of an instance sleeping through the lease; a crashed
 * attempt's lease runs out and the next delivery takes over with its own PDF, which is how the
 * redelivery of the event whose attempt crashed finishes the certificate. A request, whose
 * caller waits for the answer, waits a while for the holder to finish (then 409).
 */
export interface IssueOutcome {
  certificateId: string;
  /** This call issued it (false: it existed already, or another worker issued it meanwhile). */
  created: boolean;
}

export type IssueMode = 'event' | 'request';

export interface IssuanceSettings extends IssuerSettings {
  leaseSeconds: number;
}

type Claim =
  | { kind: 'issued'; certificateId: string }
  | { kind: 'busy'; certificateId: string; leaseUntilMs: number }
  | { kind: 'claimed'; claim: EnrollmentCertificate; pathway: PathwayDoc; issuedAt: Date };

const WAIT_STEP_MS = 250;
const MAX_REQUEST_WAIT_MS = 25_000;

export class CertificateIssuance {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly progress: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly eligibility: EligibilityReader,
    private readonly artifacts: CertificateArtifacts,
    private readonly directory: UserDirectory,
    private readonly notices: CertificateNotices,
    private readonly settings: IssuanceSettings,
  ) {}

  /**
   * Issues or finds the certificate; throws a 409 listing the unmet rules when ineligible. While
   * another worker holds the claim, an event fails at once with 503 (the platform redelivers it
   * with backoff, and a delivery after the lease takes over) and a request waits a while (then
   * 409).
   */
  async issue(userId: string, pathwayId: string, mode: IssueMode): Promise<IssueOutcome> {
    const deadline = Date.now() + (mode === 'request' ? MAX_REQUEST_WAIT_MS : 0);
    for (;;) {
      const existing = (await this.progress.enrollment(userId, pathwayId))?.certificate;
      if (existing?.status === 'issued') {
        return { certificateId: existing.certificate_id, created: false };
      }
      const claim = await this.claim(userId, pathwayId);
      if (claim.kind === 'issued') return { certificateId: claim.certificateId, created: false };
      if (claim.kind === 'claimed') {
        const outcome = await this.produceAndFinalize(userId, pathwayId, claim);
        if (outcome) return outcome;
      }
      // Someone else holds the work (or took it over from this attempt).
      if (Date.now() >= deadline) {
        if (mode === 'event') throw heldElsewhere(claim);
        throw failedPrecondition('The certificate is being issued right now; ask again shortly');
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private enrollmentRef(userId: string, pathwayId: string) {
    return this.progress.enrollmentRef(userId, pathwayId);
  }

  private claim(userId: string, pathwayId: string): Promise<Claim> {
    const ref = this.enrollmentRef(userId, pathwayId);
    return withKeyLock(ref.path, () =>
      this.repo.runTransaction(async (tx): Promise<Claim> => {
        const [pathway, stored] = await Promise.all([
          this.catalog.txPathway(tx, pathwayId),
          this.progress.txEnrollment(tx, ref),
        ]);
        if (!pathway) throw notFound(`Pathway ${pathwayId}`);
        const current = stored?.certificate;
        if (current?.status === 'issued') {
          return { kind: 'issued', certificateId: current.certificate_id };
        }
        if (current?.status === 'revoked') {
          throw failedPrecondition(
            `Certificate ${current.certificate_id} for this pathway was revoked; only an administrator can issue it again`,
          );
        }
        const nowMs = Date.now();
        const leaseEnd = current?.lease_until?.toMillis() ?? 0;
        if (current?.status === 'issuing' && leaseEnd > nowMs) {
          return { kind: 'busy', certificateId: current.certificate_id, leaseUntilMs: leaseEnd };
        }
        const enrollment = stored ?? blankEnrollment(userId, pathwayId, pathway);
        const verdict = await this.eligibility.evaluate(pathway, enrollment, tx);
        if (!verdict.eligible) throw ineligibleError(verdict);
        if (!stored) throw failedPrecondition(`Not enrolled in pathway ${pathwayId}`);
        let id = current?.certificate_id ?? newCertificateId();
        while (!current && (await this.repo.txExists(tx, id))) id = newCertificateId();
        const claim: EnrollmentCertificate = {
          certificate_id: id,
          status: 'issuing',
          attempt: (current?.attempt ?? 0) + 1,
          lease_until: Timestamp.fromMillis(nowMs + this.settings.leaseSeconds * 1000),
          issued_at: null,
          verification_url: verificationUrl(this.settings.publicBaseUrl, id),
        };
        this.progress.txSetCertificate(tx, ref, claim, Timestamp.fromMillis(nowMs));
        // Whole seconds: the credential's validFrom and its JWT `nbf` must state the same instant.
        const issuedAt = new Date(Math.floor(nowMs / 1000) * 1000);
        return { kind: 'claimed', claim, pathway, issuedAt };
      }),
    );
  }

  /** Makes the PDF and credential of the claimed attempt and commits them; null if it lost. */
  private async produceAndFinalize(
    userId: string,
    pathwayId: string,
    claimed: Extract<Claim, { kind: 'claimed' }>,
  ): Promise<IssueOutcome | null> {
    const { claim, pathway, issuedAt } = claimed;
    const id = claim.certificate_id;
    const [people, stored, recipient] = await Promise.all([
      this.directory.contacts([userId, pathway.owner_uid]),
      this.progress.enrollment(userId, pathwayId),
      this.notices.recipient(userId),
    ]);
    const learner = people.get(userId);
    if (!learner?.name) {
      await this.release(userId, pathwayId, claim);
      throw failedPrecondition(
        'The account has no name to print on the certificate: set a display name first',
        [{ path: 'learner_name', message: 'Missing' }],
      );
    }
    const rules = rulesOf(pathway);
    const fields = printedFields({
      certificateId: id,
      learnerName: learner.name,
      pathwayId,
      pathway,
      instructorName: people.get(pathway.owner_uid)?.name ?? null,
      completedAt: stored?.pathway.completed_at?.toDate() ?? issuedAt,
      settings: this.settings,
    });
    const validUntil = validUntilFor(issuedAt, rules.valid_for_days);
    const objectPath = certificatePdfObjectPath(id, claim.attempt);
    const artifact = await this.artifacts
      .produce(
        {
          fields,
          issuedAt,
          validUntil,
          issuer: issuerProfile(this.settings),
          subjectId: learnerSubjectId(userId),
          achievementId: achievementId(pathwayId),
          criteria: criteriaNarrative(rules),
        },
        objectPath,
      )
      .catch(async (error: unknown) => {
        // Let the next attempt start now rather than when the lease runs out.
        await this.release(userId, pathwayId, claim);
        throw error;
      });
    crashPoint('issuance.afterPdf', pathwayId);
    const ref = this.enrollmentRef(userId, pathwayId);
    const result = await withKeyLock(ref.path, () =>
      this.repo.runTransaction(async (tx) => {
        const [current, enrollment] = await Promise.all([
          this.catalog.txPathway(tx, pathwayId),
          this.progress.txEnrollment(tx, ref),
        ]);
        if (!current || !enrollment || !holds(enrollment, claim)) return 'lost' as const;
        const verdict = await this.eligibility.evaluate(current, enrollment, tx);
        if (!verdict.eligible) {
          this.progress.txClearCertificate(tx, ref);
          return verdict;
        }
        const now = Timestamp.now();
        const doc = certificateDocument({
          fields,
          userId,
          enrollmentId: enrollmentId(userId, pathwayId),
          objectPath,
          artifact,
          issuedAt,
          validUntil,
          now,
          reissue: null,
        });
        this.repo.txCreate(tx, doc);
        this.progress.txSetCertificate(
          tx,
          ref,
          { ...claim, status: 'issued', lease_until: null, issued_at: doc.issued_at },
          now,
        );
        this.notices.issued(tx, recipient, doc, now);
        return 'issued' as const;
      }),
    );
    if (result === 'issued') return { certificateId: id, created: true };
    await this.artifacts.discard(objectPath);
    if (result === 'lost') return null;
    throw ineligibleError(result);
  }

  /** Gives up a claim this worker holds (nothing was issued). */
  private async release(userId: string, pathwayId: string, claim: EnrollmentCertificate) {
    const ref = this.enrollmentRef(userId, pathwayId);
    await withKeyLock(ref.path, () =>
      this.repo.runTransaction(async (tx) => {
        const enrollment = await this.progress.txEnrollment(tx, ref);
        if (enrollment && holds(enrollment, claim)) this.progress.txClearCertificate(tx, ref);
      }),
    );
  }
}

/** Whether the enrollment's certificate state is still this attempt's claim. */
function holds(enrollment: EnrollmentDoc, claim: EnrollmentCertificate): boolean {
  const current = enrollment.certificate;
  return (
    current?.status === 'issuing' &&
    current.certificate_id === claim.certificate_id &&
    current.attempt === claim.attempt
  );
}

/** An event's answer while another attempt holds the claim: retryable, so it is redelivered. */
function heldElsewhere(claim: Claim): AppError {
  const leaseEnd = claim.kind === 'busy' ? claim.leaseUntilMs : Date.now();
  return new AppError(
    'unavailable',
    'The certificate is claimed by another attempt; redeliver the event after its lease',
    { retryAfterSeconds: Math.max(1, Math.ceil((leaseEnd - Date.now()) / 1000)), expected: true },
  );
}
