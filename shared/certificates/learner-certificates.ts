import type { Caller } from '../auth';
import { notFound } from '../errors';
import { afterId, cursorPage, type PageQuery } from '../http/pagination';
import type { ProgressRepository } from '../progress/repository';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { CertificateFiles } from './artifacts';
import type { CertificateDoc } from './model';
import type { CertificatesRepository } from './repository';
import { parseEnrollmentId } from './requests';
import type { CertificateListSchema, DownloadResponseSchema } from './schemas';
import { certificateSummary } from './views';

type Download = Promise<ResponseOf<typeof DownloadResponseSchema>>;

/**
 * A learner's own certificates: the list, and short-lived signed URLs of their PDFs. Anyone
 * else's certificate is a 404 here (its public face is the verify endpoint).
 */
export class LearnerCertificates {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly progress: ProgressRepository,
    private readonly files: CertificateFiles,
    private readonly settings: { downloadUrlTtlSeconds: number },
  ) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: PageQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof CertificateListSchema>> {
    const rows = await this.repo.ofLearner(caller.uid, query.limit, afterId(query.page_token));
    const page = cursorPage(rows, query.limit, (doc) => [doc.certificate_id]);
    const now = new Date();
    return {
      certificates: page.items.map((doc) => certificateSummary(doc, now)),
      next_page_token: page.next_page_token,
    };
  }

  async download(
    caller: Caller,
    params: { certificate_id: string },
    _input: NoInput,
    _ctx: RequestContext,
  ): Download {
    const doc = await this.repo.get(params.certificate_id);
    if (!doc || doc.user_id !== caller.uid) throw notFound(`Certificate ${params.certificate_id}`);
    return this.signed(doc);
  }

  /** Seed 003's GET /certificates/download/{enrollment_id}: the enrollment's current certificate. */
  async downloadForEnrollment(
    caller: Caller,
    params: { enrollment_id: string },
    _input: NoInput,
    _ctx: RequestContext,
  ): Download {
    const { userId, pathwayId } = parseEnrollmentId(params.enrollment_id);
    const missing = notFound(`A certificate for enrollment ${params.enrollment_id}`);
    if (userId !== caller.uid) throw missing;
    const current = (await this.progress.enrollment(userId, pathwayId))?.certificate;
    if (!current || current.status === 'issuing') throw missing;
    const doc = await this.repo.get(current.certificate_id);
    if (!doc) throw missing;
    return this.signed(doc);
  }

  private async signed(doc: CertificateDoc): Download {
    const expires = new Date(Date.now() + this.settings.downloadUrlTtlSeconds * 1000);
    return {
      certificate_id: doc.certificate_id,
      download_url: await this.files.downloadUrl(doc.pdf_object_path, doc.certificate_id, expires),
      expires_at: expires.toISOString(),
      file_name: `certificate-${doc.certificate_id}.pdf`,
      pdf_sha256: doc.pdf_sha256,
    };
  }
}
