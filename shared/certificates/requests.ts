import type { Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import { notFound } from '../errors';
import type { ProgressRepository } from '../progress/repository';
import { blankEnrollment } from '../progress/views';
import type { NoInput, PathwayParams } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { EligibilityReader } from './eligibility-reader';
import type { CertificateIssuance } from './issuance';
import type { CertificatesRepository } from './repository';
import type { EligibilityResponseSchema, IssueResponseSchema } from './schemas';
import { certificateSummary } from './views';

type IssueReply = ResponseOf<typeof IssueResponseSchema>;

/** `{uid}_{pathway_id}` → its parts; the pathway id never contains `_`. */
export function parseEnrollmentId(id: string): { userId: string; pathwayId: string } {
  const cut = id.lastIndexOf('_');
  return { userId: id.slice(0, cut), pathwayId: id.slice(cut + 1) };
}

/**
 * What a learner asks about their own certificate for a pathway: whether they are eligible (and
 * why not), and the certificate itself — issued now, or the one issued before.
 */
export class CertificateRequests {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly progress: ProgressRepository,
    private readonly access: PathwayAccess,
    private readonly eligibility: EligibilityReader,
    private readonly issuance: CertificateIssuance,
  ) {}

  async eligibilityOf(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof EligibilityResponseSchema>> {
    const pathwayId = params.pathway_id;
    const pathway = await this.access.visible(caller, pathwayId);
    const stored = await this.progress.enrollment(caller.uid, pathwayId);
    const verdict = await this.eligibility.evaluate(
      pathway,
      stored ?? blankEnrollment(caller.uid, pathwayId, pathway),
    );
    const certificate = stored?.certificate;
    return {
      pathway_id: pathwayId,
      ...verdict,
      certificate: certificate
        ? {
            certificate_id: certificate.certificate_id,
            status: certificate.status,
            verification_url: certificate.verification_url,
          }
        : null,
    };
  }

  /** POST …/users/me/pathways/{id}/certificate: issued now (`created`) or before. */
  async request(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<IssueReply> {
    await this.access.visible(caller, params.pathway_id);
    return this.issueFor(caller.uid, params.pathway_id);
  }

  /** Seed 003's POST /certificates/generate/{enrollment_id}, for the caller's own enrollment. */
  async generate(
    caller: Caller,
    params: { enrollment_id: string },
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<IssueReply> {
    const { userId, pathwayId } = parseEnrollmentId(params.enrollment_id);
    if (userId !== caller.uid) throw notFound(`Enrollment ${params.enrollment_id}`);
    await this.access.visible(caller, pathwayId, `Enrollment ${params.enrollment_id}`);
    return this.issueFor(caller.uid, pathwayId);
  }

  private async issueFor(userId: string, pathwayId: string): Promise<IssueReply> {
    const outcome = await this.issuance.issue(userId, pathwayId, 'request');
    const doc = await this.repo.get(outcome.certificateId);
    if (!doc) throw notFound(`Certificate ${outcome.certificateId}`);
    return { ...certificateSummary(doc, new Date()), created: outcome.created };
  }
}
