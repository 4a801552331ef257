import { z } from 'zod';
import { DifficultySchema } from '../catalog/schemas';
import { IsoDateTime, SlugSchema } from '../schemas/common';
import { CERTIFICATE_ID_LENGTH, isCertificateId, normalizeCertificateId } from './ids';
import { CERTIFICATE_STATES } from './model';

// ---------- certificate rules (stored with the pathway, edited by its owner) ----------

const RuleFields = {
  /** Every required resource done, module by module (N of M where a module says so). */
  all_required_resources: z.boolean(),
  /** Every required quiz at or above its passing score, by the quiz's own counting policy. */
  all_quizzes_passed: z.boolean(),
  /** Average of the counted scores of the required quizzes; null switches the rule off. */
  min_average_quiz_score: z
    .number()
    .min(0, 'Must be between 0 and 100')
    .max(100, 'Must be between 0 and 100')
    .nullable(),
  /** Every required project or exercise with uploads has an approved submission. */
  all_submissions_approved: z.boolean(),
  /** Certificates expire this many days after issue; null never expires. */
  valid_for_days: z
    .number()
    .int()
    .min(1, 'At least one day')
    .max(36_500, 'At most 100 years')
    .nullable(),
};

const atLeastOneRule = (rules: {
  all_required_resources: boolean;
  all_quizzes_passed: boolean;
  min_average_quiz_score: number | null;
  all_submissions_approved: boolean;
}) =>
  rules.all_required_resources ||
  rules.all_quizzes_passed ||
  rules.min_average_quiz_score !== null ||
  rules.all_submissions_approved;

const AT_LEAST_ONE = 'Switch on at least one rule: a certificate has to certify something';

export const CertificateRulesSchema = z
  .strictObject({
    all_required_resources: RuleFields.all_required_resources.default(true),
    all_quizzes_passed: RuleFields.all_quizzes_passed.default(true),
    min_average_quiz_score: RuleFields.min_average_quiz_score.default(null),
    all_submissions_approved: RuleFields.all_submissions_approved.default(true),
    valid_for_days: RuleFields.valid_for_days.default(null),
  })
  .refine(atLeastOneRule, AT_LEAST_ONE);
export type CertificateRules = z.output<typeof CertificateRulesSchema>;

/** What a pathway gets until its owner says otherwise: everything required, never expiring. */
export const DEFAULT_CERTIFICATE_RULES: CertificateRules = Object.freeze(
  CertificateRulesSchema.parse({}),
);

/** An owner's partial change; merge with `applyRulesUpdate`, which re-checks the whole. */
export const UpdateCertificateRulesSchema = z
  .strictObject({
    all_required_resources: RuleFields.all_required_resources.optional(),
    all_quizzes_passed: RuleFields.all_quizzes_passed.optional(),
    min_average_quiz_score: RuleFields.min_average_quiz_score.optional(),
    all_submissions_approved: RuleFields.all_submissions_approved.optional(),
    valid_for_days: RuleFields.valid_for_days.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one rule to change');
export type UpdateCertificateRules = z.output<typeof UpdateCertificateRulesSchema>;

export function applyRulesUpdate(
  current: CertificateRules,
  update: UpdateCertificateRules,
): z.ZodSafeParseResult<CertificateRules> {
  return CertificateRulesSchema.safeParse({ ...current, ...update });
}

// ---------- ids in paths ----------

/** A certificate id as people type it (any case, hyphens, I/L/O look-alikes) → canonical. */
export const CertificateIdSchema = z.string().transform((value, ctx) => {
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
});

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
  issued_at: IsoDateTime,
  valid_until: IsoDateTime.nullable(),
  revoked_at: IsoDateTime.nullable(),
  /** Why it was revoked; null unless revoked. */
  reason: z.string().nullable(),
  supersedes: z.string().nullable(),
  superseded_by: z.string().nullable(),
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
