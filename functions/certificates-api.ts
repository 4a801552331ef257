import { z } from 'zod';
import {
  CertificateListSchema,
  CertificateParams,
  CredentialResponseSchema,
  DownloadResponseSchema,
  EligibilityResponseSchema,
  EnrollmentIdParams,
  IssuerProfileSchema,
  IssueResponseSchema,
  JwksResponseSchema,
  PdfVerifyResponseSchema,
  VerifyResponseSchema,
} from '../shared/certificates/schemas';
import { MAX_VERIFY_PDF_BYTES } from '../shared/certificates/verify-pdf';
import { PageQuerySchema } from '../shared/http/pagination';
import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { PathwayParams } from '../shared/schemas/params';
import type { FunctionFactory, Services } from './services';

const tags = ['certificates'];

const issued = (result: z.input<typeof IssueResponseSchema>) =>
  new HttpReply(result.created ? 201 : 200, result);

/** The learner's own certificates: eligibility, asking for one, the list and the PDFs. */
const learnerRoutes = (s: Services) => [
  route({
    method: 'GET',
    path: '/api/v1/users/me/pathways/{pathway_id}/certificate-eligibility',
    tags,
    auth: 'learner',
    summary: 'Every certificate rule of the pathway, met or not and why',
    params: PathwayParams,
    response: EligibilityResponseSchema,
    handler: ({ caller, params, ctx }) =>
      s.certificates.requests.eligibilityOf(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/me/pathways/{pathway_id}/certificate',
    tags,
    auth: 'learner',
    summary:
      'Issue the pathway’s certificate (201), or return the one issued (200); 409 lists unmet rules',
    status: 201,
    alsoAnswers: [200],
    params: PathwayParams,
    response: IssueResponseSchema,
    handler: async ({ caller, params, ctx }) =>
      issued(await s.certificates.requests.request(caller, params, {}, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/certificates',
    tags,
    auth: 'learner',
    summary: 'The caller’s certificates, with their current state',
    query: PageQuerySchema,
    response: CertificateListSchema,
    handler: ({ caller, query, ctx }) => s.certificates.learner.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/certificates/{certificate_id}/download',
    tags,
    auth: 'learner',
    summary: 'A short-lived signed URL of the certificate’s PDF (the caller’s own only)',
    params: CertificateParams,
    response: DownloadResponseSchema,
    handler: ({ caller, params, ctx }) => s.certificates.learner.download(caller, params, {}, ctx),
  }),
];

/** Seed 003's certificate endpoints, by enrollment id (`{uid}_{pathway_id}`). */
const enrollmentRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/certificates/generate/{enrollment_id}',
    tags,
    auth: 'learner',
    summary: 'Seed 003: issue the certificate of the caller’s enrollment (201), or return it (200)',
    status: 201,
    alsoAnswers: [200],
    params: EnrollmentIdParams,
    response: IssueResponseSchema,
    handler: async ({ caller, params, ctx }) =>
      issued(await s.certificates.requests.generate(caller, params, {}, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/certificates/download/{enrollment_id}',
    tags,
    auth: 'learner',
    summary: 'Seed 003: a signed URL of the PDF of the caller’s enrollment’s certificate',
    params: EnrollmentIdParams,
    response: DownloadResponseSchema,
    handler: ({ caller, params, ctx }) =>
      s.certificates.learner.downloadForEnrollment(caller, params, {}, ctx),
  }),
];

/** Anyone, without an account: verification and the issuer. */
const publicRoutes = (s: Services) => [
  route({
    method: 'GET',
    path: '/api/v1/certificates/verify/{certificate_id}',
    tags,
    auth: 'public',
    summary: 'A certificate’s state and every field it was issued with (404: no such certificate)',
    params: CertificateParams,
    response: VerifyResponseSchema,
    handler: ({ caller, params, ctx }) =>
      s.certificates.verification.verify(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/certificates/verify',
    tags,
    auth: 'public',
    summary: 'Whether these exact PDF bytes are an issued certificate (body: the PDF, ≤ 5 MB)',
    rawBody: { contentTypes: ['application/pdf'] },
    maxBodyBytes: MAX_VERIFY_PDF_BYTES,
    response: PdfVerifyResponseSchema,
    handler: ({ caller, bytes, ctx }) =>
      s.certificates.verification.verifyBytes(
        caller,
        {},
        {
          bytes: bytes ?? new Uint8Array(),
          clientAddress: ctx.clientAddress ?? 'unknown',
        },
        ctx,
      ),
  }),
  route({
    method: 'GET',
    path: '/api/v1/certificates/{certificate_id}/credential',
    tags,
    auth: 'public',
    summary: 'The certificate’s Open Badges 3.0 credential, as JSON and signed',
    params: CertificateParams,
    response: CredentialResponseSchema,
    handler: ({ caller, params, ctx }) =>
      s.certificates.verification.credential(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/certificates/issuer',
    tags,
    auth: 'public',
    summary: 'The issuer’s Open Badges profile (the credentials’ `issuer.id`)',
    response: IssuerProfileSchema,
    handler: ({ caller, ctx }) => s.certificates.verification.issuer(caller, {}, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/certificates/issuer/jwks.json',
    tags,
    auth: 'public',
    summary: 'The public keys of every key that signed a credential (JWKS)',
    response: JwksResponseSchema,
    handler: ({ caller, ctx }) => s.certificates.verification.jwks(caller, {}, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/verify/{certificate_id}',
    tags,
    auth: 'public',
    summary: 'The verify page printed on the certificate and in its QR code (HTML)',
    params: CertificateParams,
    produces: 'text/html',
    alsoAnswers: [404],
    response: z.string(),
    handler: async ({ caller, params, ctx }) => {
      const page = await s.certificates.verification.page(caller, params, {}, ctx);
      return new HttpReply(page.status, page.html);
    },
  }),
];

/** Seed 003's client calls `/certificates/…`: the same routes there (a Hosting rewrite). */
function withSeedPaths(routes: AnyRoute[]): AnyRoute[] {
  const seeded = routes.filter((r) =>
    /^\/api\/v1\/certificates\/(generate|download|verify)\/\{/.test(r.path),
  );
  return [
    ...routes,
    ...seeded.map((r) => ({
      ...r,
      path: r.path.replace(/^\/api\/v1\//, '/'),
      summary: `${r.summary} (seed 003’s own path)`,
    })),
  ];
}

export const certificatesApi: FunctionFactory = (s) =>
  httpFunction(
    'certificatesApi',
    withSeedPaths([...learnerRoutes(s), ...enrollmentRoutes(s), ...publicRoutes(s)]),
    s.edge,
  );
