import { z } from 'zod';
import { DifficultySchema } from '../catalog/schemas';
import { IsoDateTime, singleLineText, SlugSchema } from '../schemas/common';
import { CERTIFICATE_ID_LENGTH, isCertificateId, normalizeCertificateId } from './ids';
import { CERTIFICATE_STATES } from './model';

// ---------- ids in paths ----------

/** A certificate id as people type it (any case, hyphens, I/L/O look-alikes) → canonical. */
export const CertificateIdSchema = z
  .string()
  .max(64, 'Not a certificate id')
  .transform((value, ctx) => {
    const id = normalizeCertificateId(value);
    if (id === null) {
      ctx.addIssue({
        code: 'custom',
        message: `A certificate id is ${CERTIFICATE_ID_LENGTH} characters of 0-9 and A-Z without I, L, O and U`,
      });
      return z.NEVER;
    }
    return id;
  });

export const CertificateParams = z.object({ certificate_id: CertificateIdSchema });

// ---------- printed fields (validated before anything is rendered or signed) ----------

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\p{Cs}\u2028\u2029]*$/u;
const PrintableLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(max, `At most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, 'Must not contain control characters or line breaks');

export const PrintedFieldsSchema = z.strictObject({
  certificate_id: z.string().refine(isCertificateId, 'Not a canonical certificate id'),
  learner_name: PrintableLine(200),
  pathway_id: SlugSchema,
  pathway_title: PrintableLine(200),
  completion_date: z.iso.date(),
  duration_minutes: z.number().int().min(0).max(1_000_000),
  difficulty: DifficultySchema.nullable(),
  instructor_line: PrintableLine(300).nullable(),
  issuer_name: PrintableLine(100),
  verification_url: z.url({ protocol: /^https?$/ }).max(300),
});

// ---------- API: responses ----------

export const RuleIdSchema = z.enum([
  'all_required_resources',
  'all_quizzes_passed',
  'min_average_quiz_score',
  'all_submissions_approved',
]);

export const RuleCheckSchema = z.object({
  /** The module, quiz or resource the check is about; the pathway for pathway-wide checks. */
  subject: z.string(),
  met: z.boolean(),
  reason: z.string(),
});

export const RuleResultSchema = z.object({
  rule: RuleIdSchema,
  enabled: z.boolean(),
  met: z.boolean(),
  reason: z.string(),
  checks: z.array(RuleCheckSchema),
});

export const UnmetRuleSchema = z.object({
  rule: RuleIdSchema,
  subject: z.string(),
  reason: z.string(),
});

export const EligibilityResponseSchema = z.object({
  pathway_id: z.string(),
  eligible: z.boolean(),
  rules: z.array(RuleResultSchema),
  unmet: z.array(UnmetRuleSchema),
  /** The learner's certificate for the pathway, once one is being or was issued. */
  certificate: z
    .object({
      certificate_id: z.string(),
      status: z.enum(['issuing', 'issued', 'revoked']),
      verification_url: z.string(),
    })
    .nullable(),
});

/** Where a certificate stands in its life, as its public page and its learner both see it. */
const lifecycleFields = {
  issued_at: IsoDateTime,
  valid_until: IsoDateTime.nullable(),
  revoked_at: IsoDateTime.nullable(),
  /** Why it was revoked; null unless revoked. */
  reason: z.string().nullable(),
  /** The certificate this one replaced on reissue, and the one that replaced it. */
  supersedes: z.string().nullable(),
  superseded_by: z.string().nullable(),
};

/** The public answer for one certificate: its state and every field it was issued with. */
export const VerifyResponseSchema = z.object({
  certificate_id: z.string(),
  state: z.enum(CERTIFICATE_STATES),
  learner_name: z.string(),
  pathway_id: z.string(),
  pathway_title: z.string(),
  completion_date: z.iso.date(),
  duration_minutes: z.number().int(),
  difficulty: DifficultySchema.nullable(),
  instructor_line: z.string().nullable(),
  issuer_name: z.string(),
  verification_url: z.string(),
  ...lifecycleFields,
  pdf_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The Open Badges 3.0 credential, a VC-JOSE compact JWS. */
  credential: z.string(),
});
export type VerifyResponse = z.input<typeof VerifyResponseSchema>;

/** `POST /api/v1/certificates/verify`: whether these exact bytes were issued, and which. */
export const PdfVerifyResponseSchema = z.object({
  authentic: z.boolean(),
  pdf_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  certificate_id: z.string().nullable(),
  state: z.enum(CERTIFICATE_STATES).nullable(),
  verification_url: z.string().nullable(),
});

// ---------- API: the learner's certificates ----------

/** A certificate as its learner sees it in lists and after asking for it. */
export const CertificateSummarySchema = z.object({
  certificate_id: z.string(),
  /** Seed 003: the enrollment (`{uid}_{pathway_id}`) it certifies. */
  enrollment_id: z.string(),
  pathway_id: z.string(),
  pathway_title: z.string(),
  learner_name: z.string(),
  completion_date: z.iso.date(),
  state: z.enum(CERTIFICATE_STATES),
  ...lifecycleFields,
  verification_url: z.string(),
  /** Seed 003's name for the public verification page. */
  certificate_url: z.string(),
  pdf_sha256: z.string(),
});

export const IssueResponseSchema = CertificateSummarySchema.extend({
  /** This request issued it; false when it had been issued before. */
  created: z.boolean(),
});

export const CertificateListSchema = z.object({
  certificates: z.array(CertificateSummarySchema),
  next_page_token: z.string().nullable(),
});

export const DownloadResponseSchema = z.object({
  certificate_id: z.string(),
  /** A V4 signed GET of the PDF, valid until `expires_at`. */
  download_url: z.string(),
  expires_at: IsoDateTime,
  file_name: z.string(),
  pdf_sha256: z.string(),
});

/** Seed 003: `{uid}_{pathway_id}`, the caller's own enrollment. */
export const EnrollmentIdParams = z.object({
  enrollment_id: z
    .string()
    .max(200)
    .regex(/^[^/\s]{1,128}_[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Not an enrollment id'),
});

// ---------- API: administration ----------

export const RevokeBodySchema = z.strictObject({
  /** Shown publicly on the verify page and in the verify answer. */
  reason: singleLineText(500, 3),
});

export const ReissueBodySchema = z.strictObject({
  /** Why the certificate is corrected (kept with the new certificate, not shown publicly). */
  reason: singleLineText(500, 3),
  /** The name to print; the account's current display name when omitted. */
  learner_name: singleLineText(200).optional(),
});

// ---------- API: the issuer ----------

export const IssuerProfileSchema = z.object({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  name: z.string(),
  url: z.string(),
  /** Where the public keys that verify this issuer's credentials are. */
  jwks_uri: z.string(),
});

export const JwksResponseSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('RSA'),
      n: z.string(),
      e: z.string(),
      kid: z.string(),
      alg: z.literal('RS256'),
      use: z.literal('sig'),
    }),
  ),
});

export const CredentialResponseSchema = z.object({
  certificate_id: z.string(),
  /** The Open Badges 3.0 credential as JSON, as signed. */
  credential: z.record(z.string(), z.unknown()),
  /** The same credential, signed: a VC-JOSE compact JWS. */
  jws: z.string(),
  jwks_uri: z.string(),
});
