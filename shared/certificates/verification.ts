import type { Caller } from '../auth';
import { notFound } from '../errors';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { credentialFromJws, OB_V3_CONTEXT, VC_V2_CONTEXT } from './credential';
import { issuerProfile, jwksUrl, type IssuerSettings } from './issuer';
import type { SigningKeyArchive } from './keys';
import { verificationUrl } from './model';
import type { CertificatesRepository } from './repository';
import type {
  CredentialResponseSchema,
  IssuerProfileSchema,
  JwksResponseSchema,
  PdfVerifyResponseSchema,
  VerifyResponse,
} from './schemas';
import { verifyPdf } from './verify-pdf';
import { notFoundPage, verifyPage } from './verify-page';
import { verifyResponse } from './views';

/** Checking PDFs is public: at most this many per client address. */
export const PDF_VERIFY_RATE: RateRule = {
  what: 'certificate PDF checks',
  limit: 30,
  windowSeconds: 60,
};

type Public = Caller | undefined;
type CertificateParams = { certificate_id: string };

/**
 * Public verification, for anyone, without an account: one certificate by id (JSON, or the page
 * its QR code opens), a PDF's exact bytes, the credential, and the issuer's profile and keys.
 */
export class CertificateVerification {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly keys: SigningKeyArchive,
    private readonly rateLimits: RateLimiter,
    private readonly settings: IssuerSettings,
  ) {}

  async verify(
    _caller: Public,
    params: CertificateParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<VerifyResponse> {
    const doc = await this.repo.get(params.certificate_id);
    if (!doc) throw notFound(`Certificate ${params.certificate_id}`);
    return verifyResponse(doc, new Date());
  }

  /** The verify page; an id that names no certificate gets a page saying so, with 404. */
  async page(
    _caller: Public,
    params: CertificateParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<{ status: 200 | 404; html: string }> {
    const id = params.certificate_id;
    const doc = await this.repo.get(id);
    if (!doc) return { status: 404, html: notFoundPage(id) };
    const base = this.settings.publicBaseUrl;
    return {
      status: 200,
      html: verifyPage(verifyResponse(doc, new Date()), {
        json: `${base}/api/v1/certificates/verify/${id}`,
        credential: `${base}/api/v1/certificates/${id}/credential`,
        jwks: jwksUrl(this.settings),
        verifyPdf: `${base}/api/v1/certificates/verify`,
        pageOf: (other) => verificationUrl(base, other),
      }),
    };
  }

  /** Whether these exact bytes are an issued certificate; rate-limited per client address. */
  async verifyBytes(
    _caller: Public,
    _params: NoInput,
    input: { bytes: Uint8Array; clientAddress: string },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PdfVerifyResponseSchema>> {
    await this.rateLimits.take(PDF_VERIFY_RATE, input.clientAddress);
    return verifyPdf(
      input.bytes,
      async (sha256) => (await this.repo.byPdfSha256(sha256)) ?? null,
      new Date(),
    );
  }

  async credential(
    _caller: Public,
    params: CertificateParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof CredentialResponseSchema>> {
    const doc = await this.repo.get(params.certificate_id);
    if (!doc) throw notFound(`Certificate ${params.certificate_id}`);
    return {
      certificate_id: doc.certificate_id,
      credential: credentialFromJws(doc.credential),
      jws: doc.credential,
      jwks_uri: jwksUrl(this.settings),
    };
  }

  async issuer(
    _caller: Public,
    _params: NoInput,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof IssuerProfileSchema>> {
    const profile = issuerProfile(this.settings);
    return {
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
      id: profile.id,
      type: ['Profile'],
      name: profile.name,
      url: profile.url,
      jwks_uri: jwksUrl(this.settings),
    };
  }

  async jwks(
    _caller: Public,
    _params: NoInput,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof JwksResponseSchema>> {
    const { keys } = await this.keys.jwks();
    return {
      keys: keys.map((k) => ({ kty: k.kty, n: k.n, e: k.e, kid: k.kid, alg: 'RS256', use: 'sig' })),
    };
  }
}
