import { z } from 'zod';

/**
 * A pathway's certificate rules: stored with the pathway (`certificate_rules`), edited by whoever
 * may edit the pathway, evaluated by eligibility.ts. Pathways that never set them get the defaults.
 */

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

/** How the rules read in the catalog's answers. */
export const CertificateRulesViewSchema = z.object(RuleFields);

/** A pathway's rules: its own, or the defaults when its owner never set any. */
export function rulesOf(pathway: { certificate_rules?: CertificateRules }): CertificateRules {
  return pathway.certificate_rules ?? DEFAULT_CERTIFICATE_RULES;
}
