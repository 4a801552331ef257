import {
  applyRulesUpdate,
  CertificateRulesSchema,
  DEFAULT_CERTIFICATE_RULES,
  rulesOf,
  UpdateCertificateRulesSchema,
} from '../../../shared/certificates/rules';
import { detailsFromZod } from '../../../shared/errors';

describe('certificate rules', () => {
  it('default to every rule on, no average and no expiry', () => {
    expect(DEFAULT_CERTIFICATE_RULES).toEqual({
      all_required_resources: true,
      all_quizzes_passed: true,
      min_average_quiz_score: null,
      all_submissions_approved: true,
      valid_for_days: null,
    });
    expect(Object.isFrozen(DEFAULT_CERTIFICATE_RULES)).toBe(true);
  });

  it('let each rule be switched off, but not all of them', () => {
    expect(
      CertificateRulesSchema.safeParse({
        all_required_resources: false,
        all_quizzes_passed: false,
        all_submissions_approved: false,
        min_average_quiz_score: 60,
      }).success,
    ).toBe(true);
    const none = CertificateRulesSchema.safeParse({
      all_required_resources: false,
      all_quizzes_passed: false,
      all_submissions_approved: false,
    });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toMatch(/at least one rule/);
  });

  it('reject out-of-range values and unknown fields with their paths', () => {
    const result = CertificateRulesSchema.safeParse({
      min_average_quiz_score: 101,
      valid_for_days: 0,
      all_quizes_passed: true,
    });
    expect(result.success).toBe(false);
    const paths = detailsFromZod(result.error!, 'certificate_rules').map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'certificate_rules.min_average_quiz_score',
        'certificate_rules.valid_for_days',
        'certificate_rules',
      ]),
    );
  });

  it('merge an owner update and re-check the whole', () => {
    const patch = UpdateCertificateRulesSchema.parse({ valid_for_days: 365 });
    const merged = applyRulesUpdate(DEFAULT_CERTIFICATE_RULES, patch);
    expect(merged.success && merged.data.valid_for_days).toBe(365);
    const allOff = applyRulesUpdate(
      { ...DEFAULT_CERTIFICATE_RULES, all_quizzes_passed: false, all_submissions_approved: false },
      UpdateCertificateRulesSchema.parse({ all_required_resources: false }),
    );
    expect(allOff.success).toBe(false);
    expect(UpdateCertificateRulesSchema.safeParse({}).success).toBe(false);
  });
});

describe('rulesOf', () => {
  it('reads a pathway’s own rules, or the defaults when it has none', () => {
    const own = { ...DEFAULT_CERTIFICATE_RULES, valid_for_days: 30 };
    expect(rulesOf({ certificate_rules: own })).toBe(own);
    expect(rulesOf({})).toBe(DEFAULT_CERTIFICATE_RULES);
  });
});
