import type { PathwayDoc } from '../catalog/model';
import type { EnrollmentDoc } from '../progress/model';
import type { EligibilityReader } from './eligibility-reader';
import type { CertificateIssuance } from './issuance';

/**
 * The certificate as other features show it: seed 001's `certificateEligible` is the same
 * evaluation the eligibility endpoint and issuance run, `certificateEarned` the enrollment's
 * certificate state, and seed 001's `complete` asks for the certificate like any request.
 */
export class CertificateStatus {
  constructor(
    private readonly eligibility: EligibilityReader,
    private readonly issuance: CertificateIssuance,
  ) {}

  async flags(
    pathway: PathwayDoc,
    enrollment: EnrollmentDoc,
  ): Promise<{ eligible: boolean; earned: boolean }> {
    const verdict = await this.eligibility.evaluate(pathway, enrollment);
    return { eligible: verdict.eligible, earned: enrollment.certificate?.status === 'issued' };
  }

  async issue(userId: string, pathwayId: string): Promise<void> {
    await this.issuance.issue(userId, pathwayId, 'request');
  }
}
