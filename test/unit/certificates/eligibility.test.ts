import { Timestamp } from 'firebase-admin/firestore';
import type { Outline } from '../../../shared/catalog/model';
import {
  criteriaNarrative,
  evaluateEligibility,
  ineligibleError,
  statusThatCounts,
  type QuizSettings,
} from '../../../shared/certificates/eligibility';
import {
  CertificateRulesSchema,
  DEFAULT_CERTIFICATE_RULES,
  type CertificateRules,
} from '../../../shared/certificates/rules';
import { errorMapping } from '../../../shared/errors';
import {
  emptyResourceState,
  type QuizState,
  type ResourceState,
} from '../../../shared/progress/model';
import type { ResourceStatus } from '../../../shared/progress/status';
import type { SubmissionStatus } from '../../../shared/submissions/schemas';
import { outlineResource as res } from '../catalog/fixtures';

const now = Timestamp.fromDate(new Date('2026-11-22T10:00:00Z'));

function done(status: ResourceStatus = 'completed'): ResourceState {
  return { ...emptyResourceState(now), status };
}

function quiz(counted: number, extra: Partial<QuizState> = {}): ResourceState {
  const state: QuizState = {
    attempts: 1,
    first_percentage: counted,
    latest_percentage: counted,
    best_percentage: counted,
    counted_percentage: counted,
    counted_score: counted,
    counted_max_score: 100,
    passed: counted >= 70,
    passed_at: counted >= 70 ? now : null,
    last_attempt_at: now,
    ...extra,
  };
  return {
    ...emptyResourceState(now),
    status: state.passed ? 'completed' : 'in_progress',
    quiz: state,
  };
}

/** Seed 000's shape, cut down: a video module, a quiz module, a project module. */
const outline: Outline = {
  modules: [
    {
      module_id: 'basics',
      title: 'Basics',
      required_count: null,
      resources: [res('basics-r1'), res('basics-r2'), res('basics-extra', { required: false })],
    },
    {
      module_id: 'quizzes',
      title: 'Quizzes',
      required_count: null,
      resources: [
        res('foundations-image-gen-r6', { type: 'quiz' }),
        res('foundations-image-gen-r7', { type: 'quiz' }),
        res('practice-quiz', { type: 'quiz', required: false }),
      ],
    },
    {
      module_id: 'projects',
      title: 'Projects',
      required_count: null,
      resources: [
        res('capstone', { type: 'project', requires_upload: true }),
        res('warmup', { type: 'exercise', requires_upload: true }),
        res('bonus', { type: 'project', requires_upload: true, required: false }),
      ],
    },
  ],
};

const settings: Record<string, QuizSettings> = {
  'foundations-image-gen-r6': { passing_score: 70, policy: 'highest' },
  'foundations-image-gen-r7': { passing_score: 80, policy: 'latest' },
  'practice-quiz': { passing_score: 90, policy: 'highest' },
};

const complete: Record<string, ResourceState> = {
  'basics-r1': done(),
  'basics-r2': done(),
  'foundations-image-gen-r6': quiz(85),
  'foundations-image-gen-r7': quiz(90),
  capstone: done('submitted'),
  warmup: done('completed'),
};
const approved: Record<string, SubmissionStatus> = { capstone: 'approved', warmup: 'approved' };

const rules = (overrides: Partial<CertificateRules> = {}): CertificateRules =>
  CertificateRulesSchema.parse({ ...DEFAULT_CERTIFICATE_RULES, ...overrides });

function evaluate(
  resources: Record<string, ResourceState>,
  statuses: Record<string, SubmissionStatus | undefined> = approved,
  r: CertificateRules = rules(),
) {
  return evaluateEligibility(r, outline, { resources }, statuses, settings);
}

const rule = (e: ReturnType<typeof evaluate>, id: string) => {
  const found = e.rules.find((r) => r.rule === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('evaluateEligibility', () => {
  it('is eligible when every rule is met, and lists every rule with why', () => {
    const e = evaluate(complete);
    expect(e.eligible).toBe(true);
    expect(e.unmet).toEqual([]);
    expect(e.rules.map((r) => [r.rule, r.enabled, r.met, r.reason])).toEqual([
      ['all_required_resources', true, true, 'all 6 required resources completed'],
      ['all_quizzes_passed', true, true, 'all 2 required quizzes passed'],
      ['min_average_quiz_score', false, true, 'switched off for this pathway'],
      ['all_submissions_approved', true, true, 'all 2 required submissions approved'],
    ]);
  });

  describe('all required resources', () => {
    it('names the incomplete module and the resources still open; optional ones never count', () => {
      const { 'basics-r2': _, ...partial } = complete;
      const e = evaluate(partial);
      expect(e.eligible).toBe(false);
      expect(rule(e, 'all_required_resources')).toMatchObject({
        met: false,
        reason: '1 of 3 modules not complete yet',
      });
      expect(e.unmet).toEqual([
        {
          rule: 'all_required_resources',
          subject: 'basics',
          reason: 'module basics: 1 of 2 required resources completed; not done yet: basics-r2',
        },
      ]);
    });

    it('counts a submitted (awaiting review) upload as done, like progress does', () => {
      const e = evaluate({ ...complete, capstone: done('submitted') });
      expect(rule(e, 'all_required_resources').met).toBe(true);
    });

    it('honours N-of-M modules', () => {
      const nOfM: Outline = {
        modules: [
          {
            module_id: 'electives',
            title: 'Electives',
            required_count: 2,
            resources: [res('e1'), res('e2'), res('e3')],
          },
        ],
      };
      const only = rules({ all_quizzes_passed: false, all_submissions_approved: false });
      const one = evaluateEligibility(only, nOfM, { resources: { e1: done() } }, {}, {});
      expect(one.unmet[0]?.reason).toBe(
        'module electives: 1 of the 2 needed (any 2 of 3 required resources) completed; not done yet: e2, e3',
      );
      const two = evaluateEligibility(
        only,
        nOfM,
        { resources: { e1: done(), e3: done() } },
        {},
        {},
      );
      expect(two.eligible).toBe(true);
      expect(two.rules[0]?.checks[0]?.reason).toBe(
        'module electives: 2 of the 2 needed (any 2 of 3 required resources) completed',
      );
    });

    it('is unmet for a pathway with nothing required, rather than certifying nothing', () => {
      const empty: Outline = {
        modules: [
          {
            module_id: 'm',
            title: 'M',
            required_count: null,
            resources: [res('x', { required: false })],
          },
        ],
      };
      const e = evaluateEligibility(rules(), empty, { resources: {} }, {}, {});
      expect(e.eligible).toBe(false);
      expect(e.unmet).toEqual([
        {
          rule: 'all_required_resources',
          subject: 'pathway',
          reason: 'the pathway has no required resources yet',
        },
      ]);
    });
  });

  describe('every quiz passed', () => {
    it('explains a failed quiz with its counted score and pass mark (the issue example)', () => {
      const e = evaluate({ ...complete, 'foundations-image-gen-r6': quiz(62) });
      expect(e.unmet).toContainEqual({
        rule: 'all_quizzes_passed',
        subject: 'foundations-image-gen-r6',
        reason: 'quiz foundations-image-gen-r6: best 62% < 70%',
      });
      expect(rule(e, 'all_quizzes_passed').reason).toBe('1 of 2 required quizzes not passed yet');
    });

    it('names the counting policy and shows met checks too', () => {
      const e = evaluate({ ...complete, 'foundations-image-gen-r7': quiz(75.25) });
      expect(rule(e, 'all_quizzes_passed').checks).toEqual([
        {
          subject: 'foundations-image-gen-r6',
          met: true,
          reason: 'quiz foundations-image-gen-r6: best 85% ≥ 70%',
        },
        {
          subject: 'foundations-image-gen-r7',
          met: false,
          reason: 'quiz foundations-image-gen-r7: latest 75.3% < 80%',
        },
      ]);
    });

    it('judges by the pass mark the pathway states now, not the verdict stored with the attempt', () => {
      const raised = {
        ...settings,
        'foundations-image-gen-r6': { passing_score: 90, policy: 'highest' as const },
      };
      const e = evaluateEligibility(rules(), outline, { resources: complete }, approved, raised);
      expect(e.unmet).toContainEqual({
        rule: 'all_quizzes_passed',
        subject: 'foundations-image-gen-r6',
        reason: 'quiz foundations-image-gen-r6: best 85% < 90%',
      });
    });

    it('reports a quiz never attempted, with its pass mark', () => {
      const { 'foundations-image-gen-r7': _, ...partial } = complete;
      const e = evaluate(partial, approved, rules({ all_required_resources: false }));
      expect(e.unmet).toEqual([
        {
          rule: 'all_quizzes_passed',
          subject: 'foundations-image-gen-r7',
          reason: 'quiz foundations-image-gen-r7: not attempted (pass mark 80%)',
        },
      ]);
    });

    it('falls back to the stored verdict when the quiz settings are unknown', () => {
      const e = evaluateEligibility(
        rules(),
        outline,
        { resources: { ...complete, 'foundations-image-gen-r6': quiz(65, { passed: false }) } },
        approved,
        { 'foundations-image-gen-r7': settings['foundations-image-gen-r7'] },
      );
      expect(e.unmet).toContainEqual({
        rule: 'all_quizzes_passed',
        subject: 'foundations-image-gen-r6',
        reason: 'quiz foundations-image-gen-r6: counted 65%, not passed',
      });
    });

    it('ignores optional quizzes', () => {
      const e = evaluate({ ...complete, 'practice-quiz': quiz(10) });
      expect(e.eligible).toBe(true);
    });
  });

  describe('minimum average quiz score', () => {
    it('averages the counted scores of the required quizzes', () => {
      const e = evaluate(complete, approved, rules({ min_average_quiz_score: 90 }));
      expect(e.unmet).toEqual([
        {
          rule: 'min_average_quiz_score',
          subject: 'quizzes',
          reason: 'average quiz score 87.5% < 90% over 2 required quizzes',
        },
      ]);
      const met = evaluate(complete, approved, rules({ min_average_quiz_score: 87.5 }));
      expect(rule(met, 'min_average_quiz_score')).toMatchObject({
        enabled: true,
        met: true,
        reason: 'average quiz score 87.5% ≥ 87.5% over 2 required quizzes',
      });
    });

    it('counts a quiz never attempted as zero', () => {
      const { 'foundations-image-gen-r7': _, ...partial } = complete;
      const e = evaluate(partial, approved, rules({ min_average_quiz_score: 50 }));
      expect(rule(e, 'min_average_quiz_score').reason).toBe(
        'average quiz score 42.5% < 50% over 2 required quizzes',
      );
    });

    it('is met when there is nothing to average', () => {
      const noQuizzes: Outline = { modules: [outline.modules[0] as Outline['modules'][number]] };
      const e = evaluateEligibility(
        rules({ min_average_quiz_score: 80 }),
        noQuizzes,
        { resources: complete },
        {},
        {},
      );
      expect(rule(e, 'min_average_quiz_score')).toMatchObject({
        met: true,
        reason: 'the pathway has no required quizzes to average',
      });
    });
  });

  describe('every submission approved', () => {
    const cases: [SubmissionStatus | undefined, string][] = [
      [undefined, 'project capstone: nothing submitted yet'],
      ['awaiting_upload', 'project capstone: upload not finished'],
      ['scan_pending', 'project capstone: submission is being checked'],
      ['uploaded', 'project capstone: submission awaiting review'],
      ['rejected', 'project capstone: submission rejected; a new attempt is needed'],
      ['rejected_invalid', 'project capstone: file rejected as invalid; a new attempt is needed'],
      ['expired', 'project capstone: upload expired before the file arrived'],
    ];
    it.each(cases)('explains a %s submission', (status, reason) => {
      const e = evaluate(complete, { ...approved, capstone: status });
      expect(e.eligible).toBe(false);
      expect(e.unmet).toEqual([{ rule: 'all_submissions_approved', subject: 'capstone', reason }]);
    });

    it('names exercises as exercises and ignores optional uploads', () => {
      const e = evaluate(complete, { capstone: 'approved', warmup: 'rejected', bonus: undefined });
      expect(e.unmet).toEqual([
        {
          rule: 'all_submissions_approved',
          subject: 'warmup',
          reason: 'exercise warmup: submission rejected; a new attempt is needed',
        },
      ]);
    });
  });

  it('skips switched-off rules entirely', () => {
    const off = rules({
      all_required_resources: false,
      all_quizzes_passed: false,
      all_submissions_approved: false,
      min_average_quiz_score: 0,
    });
    const e = evaluate({}, {}, off);
    expect(e.eligible).toBe(true);
    expect(e.rules.filter((r) => !r.enabled).map((r) => r.rule)).toEqual([
      'all_required_resources',
      'all_quizzes_passed',
      'all_submissions_approved',
    ]);
  });

  it('lists every unmet check across rules, in rule order', () => {
    const e = evaluate({ 'foundations-image-gen-r6': quiz(62) }, { capstone: 'uploaded' });
    expect(e.unmet.map((u) => `${u.rule}.${u.subject}`)).toEqual([
      'all_required_resources.basics',
      'all_required_resources.quizzes',
      'all_required_resources.projects',
      'all_quizzes_passed.foundations-image-gen-r6',
      'all_quizzes_passed.foundations-image-gen-r7',
      'all_submissions_approved.capstone',
      'all_submissions_approved.warmup',
    ]);
  });
});

describe('ineligibleError', () => {
  it('is a 409 whose details address each unmet check', () => {
    const failedQuiz = { ...complete, 'foundations-image-gen-r6': quiz(62) };
    const e = evaluate(failedQuiz, approved, rules({ all_required_resources: false }));
    const error = ineligibleError(e);
    expect(errorMapping[error.code].http).toBe(409);
    expect(error.message).toBe(
      'Not eligible for a certificate yet: quiz foundations-image-gen-r6: best 62% < 70%',
    );
    expect(error.details).toEqual([
      {
        path: 'all_quizzes_passed.foundations-image-gen-r6',
        message: 'quiz foundations-image-gen-r6: best 62% < 70%',
      },
    ]);
    // With the resources rule on, the failed quiz also leaves its module open: both are listed.
    expect(ineligibleError(evaluate(failedQuiz)).details.map((d) => d.path)).toEqual([
      'all_required_resources.quizzes',
      'all_quizzes_passed.foundations-image-gen-r6',
    ]);
  });
});

describe('statusThatCounts', () => {
  it('prefers any approved attempt, else takes the newest', () => {
    expect(statusThatCounts([])).toBeUndefined();
    expect(
      statusThatCounts([
        { status: 'approved', created_at_ms: 1 },
        { status: 'uploaded', created_at_ms: 2 },
      ]),
    ).toBe('approved');
    expect(
      statusThatCounts([
        { status: 'uploaded', created_at_ms: 3 },
        { status: 'rejected', created_at_ms: 2 },
      ]),
    ).toBe('uploaded');
  });
});

describe('criteriaNarrative', () => {
  it('states the rules in force as a Markdown list', () => {
    expect(criteriaNarrative(rules({ min_average_quiz_score: 75 }))).toBe(
      [
        '- Completed every required resource of the pathway.',
        '- Passed every required quiz at its passing score.',
        '- Scored an average of at least 75% across the required quizzes.',
        '- Had every required project and exercise submission approved by an instructor.',
      ].join('\n'),
    );
    expect(
      criteriaNarrative(rules({ all_quizzes_passed: false, all_submissions_approved: false })),
    ).toBe('- Completed every required resource of the pathway.');
  });
});
