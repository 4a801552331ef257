// Over 300 lines: the four rules and the wording of their reasons belong together.
import type { Outline, OutlineResource } from '../catalog/model';
import type { QuizPolicy } from '../catalog/quiz-schemas';
import { failedPrecondition, type AppError } from '../errors';
import { isDone, type EnrollmentDoc, type ResourceState } from '../progress/model';
import type { SubmissionStatus } from '../submissions/schemas';
import type { CertificateRules } from './rules';

/**
 * Certificate eligibility: one pure evaluation of a pathway's rules against a learner's
 * enrollment as it is now. The eligibility endpoint shows it, issuance re-runs it inside its
 * transaction, a 409 lists its unmet checks, and seed 001's `certificateEligible` is its flag.
 *
 * - Only required resources count; optional ones never block a certificate (as in rollups).
 * - Quizzes are judged by the quiz's counting policy (best, latest or first attempt) against its
 *   passing score as the pathway states it now, so the reason always reads "62% < 70%" with the
 *   numbers that decided it. A never-attempted quiz counts 0 towards the average.
 * - A submission resource is satisfied by an approved attempt (see `statusThatCounts`).
 */

export type RuleId =
  | 'all_required_resources'
  | 'all_quizzes_passed'
  | 'min_average_quiz_score'
  | 'all_submissions_approved';

export interface RuleCheck {
  subject: string;
  met: boolean;
  reason: string;
}

export interface RuleResult {
  rule: RuleId;
  enabled: boolean;
  met: boolean;
  reason: string;
  checks: RuleCheck[];
}

export interface UnmetRule {
  rule: RuleId;
  subject: string;
  reason: string;
}

export interface Eligibility {
  eligible: boolean;
  rules: RuleResult[];
  unmet: UnmetRule[];
}

export interface QuizSettings {
  passing_score: number;
  policy: QuizPolicy;
}

/** The pathway-wide subject, for checks that are about no single module or resource. */
export const PATHWAY_SUBJECT = 'pathway';

export function evaluateEligibility(
  rules: CertificateRules,
  outline: Outline,
  enrollment: Pick<EnrollmentDoc, 'resources'>,
  submissionStatusByResource: Readonly<Record<string, SubmissionStatus | undefined>>,
  quizSettingsByResource: Readonly<Record<string, QuizSettings | undefined>>,
): Eligibility {
  const states = enrollment.resources;
  const results: RuleResult[] = [
    rules.all_required_resources
      ? requiredResources(outline, states)
      : switchedOff('all_required_resources'),
    rules.all_quizzes_passed
      ? quizzesPassed(requiredOfType(outline, isQuiz), states, quizSettingsByResource)
      : switchedOff('all_quizzes_passed'),
    rules.min_average_quiz_score !== null
      ? averageQuizScore(requiredOfType(outline, isQuiz), states, rules.min_average_quiz_score)
      : switchedOff('min_average_quiz_score'),
    rules.all_submissions_approved
      ? submissionsApproved(requiredOfType(outline, takesUploads), submissionStatusByResource)
      : switchedOff('all_submissions_approved'),
  ];
  const unmet = results
    .filter((r) => r.enabled && !r.met)
    .flatMap((r): UnmetRule[] => {
      const failing = r.checks.filter((c) => !c.met);
      return failing.length > 0
        ? failing.map((c) => ({ rule: r.rule, subject: c.subject, reason: c.reason }))
        : [{ rule: r.rule, subject: PATHWAY_SUBJECT, reason: r.reason }];
    });
  return { eligible: unmet.length === 0, rules: results, unmet };
}

/** The 409 an ineligible request gets: every unmet check, addressed as `rule.subject`. */
export function ineligibleError(eligibility: Eligibility): AppError {
  const first = eligibility.unmet[0];
  return failedPrecondition(
    first
      ? `Not eligible for a certificate yet: ${first.reason}`
      : 'Not eligible for a certificate yet',
    eligibility.unmet.map((u) => ({ path: `${u.rule}.${u.subject}`, message: u.reason })),
  );
}

/**
 * Of a learner's attempts at one submission resource, the status that decides the rule: an
 * approved attempt if there is one (a later resubmission does not undo an approval, as in
 * progress), otherwise the newest attempt's status.
 */
export function statusThatCounts(
  attempts: readonly { status: SubmissionStatus; created_at_ms: number }[],
): SubmissionStatus | undefined {
  if (attempts.some((a) => a.status === 'approved')) return 'approved';
  let newest: { status: SubmissionStatus; created_at_ms: number } | undefined;
  for (const attempt of attempts) {
    if (!newest || attempt.created_at_ms > newest.created_at_ms) newest = attempt;
  }
  return newest?.status;
}

/** The achievement's criteria in the credential: the rules in force when it was issued. */
export function criteriaNarrative(rules: CertificateRules): string {
  const lines: string[] = [];
  if (rules.all_required_resources) lines.push('Completed every required resource of the pathway.');
  if (rules.all_quizzes_passed) lines.push('Passed every required quiz at its passing score.');
  if (rules.min_average_quiz_score !== null) {
    lines.push(
      `Scored an average of at least ${pct(rules.min_average_quiz_score)} across the required quizzes.`,
    );
  }
  if (rules.all_submissions_approved) {
    lines.push('Had every required project and exercise submission approved by an instructor.');
  }
  return lines.map((line) => `- ${line}`).join('\n');
}

// ---------- the rules ----------

function switchedOff(rule: RuleId): RuleResult {
  return { rule, enabled: false, met: true, reason: 'switched off for this pathway', checks: [] };
}

function requiredResources(outline: Outline, states: Record<string, ResourceState>): RuleResult {
  const checks: RuleCheck[] = [];
  let total = 0;
  let open = 0;
  for (const module of outline.modules) {
    const required = module.resources.filter((r) => r.required);
    const target = Math.min(module.required_count ?? required.length, required.length);
    if (target === 0) continue;
    const done = required.filter((r) => isDone(states[r.resource_id])).length;
    const counted = Math.min(done, target);
    const missing = required
      .filter((r) => !isDone(states[r.resource_id]))
      .map((r) => r.resource_id);
    const met = counted >= target;
    const scope =
      target === required.length
        ? `${counted} of ${target} required resources completed`
        : `${counted} of the ${target} needed (any ${target} of ${required.length} required resources) completed`;
    const tail = met ? '' : `; not done yet: ${missing.join(', ')}`;
    checks.push({
      subject: module.module_id,
      met,
      reason: `module ${module.module_id}: ${scope}${tail}`,
    });
    total += target;
    if (!met) open += 1;
  }
  if (total === 0) {
    return {
      rule: 'all_required_resources',
      enabled: true,
      met: false,
      reason: 'the pathway has no required resources yet',
      checks,
    };
  }
  return {
    rule: 'all_required_resources',
    enabled: true,
    met: open === 0,
    reason:
      open === 0
        ? `all ${total} required resources completed`
        : `${open} of ${checks.length} modules not complete yet`,
    checks,
  };
}

const POLICY_LABEL: Record<QuizPolicy, string> = {
  highest: 'best',
  latest: 'latest',
  first: 'first',
};

function quizzesPassed(
  quizzes: OutlineResource[],
  states: Record<string, ResourceState>,
  settings: Readonly<Record<string, QuizSettings | undefined>>,
): RuleResult {
  const checks = quizzes.map((quiz): RuleCheck => {
    const id = quiz.resource_id;
    const state = states[id]?.quiz ?? null;
    const quizRules = settings[id];
    if (state === null || state.attempts === 0) {
      const mark = quizRules ? ` (pass mark ${pct(quizRules.passing_score)})` : '';
      return { subject: id, met: false, reason: `quiz ${id}: not attempted${mark}` };
    }
    if (!quizRules) {
      // Settings unknown (quiz document missing): the verdict recorded with the attempt stands.
      return {
        subject: id,
        met: state.passed,
        reason: `quiz ${id}: counted ${pct(state.counted_percentage)}, ${state.passed ? 'passed' : 'not passed'}`,
      };
    }
    const label = POLICY_LABEL[quizRules.policy];
    const met = state.counted_percentage >= quizRules.passing_score;
    const comparison = met ? '≥' : '<';
    return {
      subject: id,
      met,
      reason: `quiz ${id}: ${label} ${pct(state.counted_percentage)} ${comparison} ${pct(quizRules.passing_score)}`,
    };
  });
  return summarised('all_quizzes_passed', checks, 'required quizzes', 'passed');
}

function averageQuizScore(
  quizzes: OutlineResource[],
  states: Record<string, ResourceState>,
  minimum: number,
): RuleResult {
  if (quizzes.length === 0) {
    return {
      rule: 'min_average_quiz_score',
      enabled: true,
      met: true,
      reason: 'the pathway has no required quizzes to average',
      checks: [],
    };
  }
  const sum = quizzes.reduce(
    (acc, q) => acc + (states[q.resource_id]?.quiz?.counted_percentage ?? 0),
    0,
  );
  const average = Math.round((sum / quizzes.length) * 10) / 10;
  const met = average >= minimum;
  const reason = `average quiz score ${pct(average)} ${met ? '≥' : '<'} ${pct(minimum)} over ${quizzes.length} required ${quizzes.length === 1 ? 'quiz' : 'quizzes'}`;
  return {
    rule: 'min_average_quiz_score',
    enabled: true,
    met,
    reason,
    checks: [{ subject: 'quizzes', met, reason }],
  };
}

const SUBMISSION_REASON: Record<SubmissionStatus | 'none', string> = {
  none: 'nothing submitted yet',
  awaiting_upload: 'upload not finished',
  scan_pending: 'submission is being checked',
  uploaded: 'submission awaiting review',
  approved: 'submission approved',
  rejected: 'submission rejected; a new attempt is needed',
  rejected_invalid: 'file rejected as invalid; a new attempt is needed',
  expired: 'upload expired before the file arrived',
};

function submissionsApproved(
  resources: OutlineResource[],
  statuses: Readonly<Record<string, SubmissionStatus | undefined>>,
): RuleResult {
  const checks = resources.map((resource): RuleCheck => {
    const status = statuses[resource.resource_id];
    return {
      subject: resource.resource_id,
      met: status === 'approved',
      reason: `${resource.type} ${resource.resource_id}: ${SUBMISSION_REASON[status ?? 'none']}`,
    };
  });
  return summarised('all_submissions_approved', checks, 'required submissions', 'approved');
}

// ---------- helpers ----------

/** A rule met when every check is; its reason counts the checks (`2 of 5 required quizzes …`). */
function summarised(
  rule: RuleResult['rule'],
  checks: RuleCheck[],
  things: string,
  done: string,
): RuleResult {
  const failing = checks.filter((c) => !c.met).length;
  const reason =
    checks.length === 0
      ? `the pathway has no ${things}`
      : failing === 0
        ? `all ${checks.length} ${things} ${done}`
        : `${failing} of ${checks.length} ${things} not ${done} yet`;
  return { rule, enabled: true, met: failing === 0, reason, checks };
}

const isQuiz = (r: OutlineResource) => r.type === 'quiz';
const takesUploads = (r: OutlineResource) => r.requires_upload;

function requiredOfType(
  outline: Outline,
  predicate: (r: OutlineResource) => boolean,
): OutlineResource[] {
  return outline.modules.flatMap((m) => m.resources.filter((r) => r.required && predicate(r)));
}

/** 62 → `62%`, 68.25 → `68.3%`: one decimal at most, as progress percentages are stored. */
function pct(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}
