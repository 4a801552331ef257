// Over 300 lines: one estimator whose update, forgetting, bands and explanations read one state.
import type { LearnerEvent, Response } from './events';
import { normalCdf, normalPdf } from './normal';
import { LEVEL_MAX, LEVEL_MIN } from './skills';

/**
 * Skill levels 1–10 per learner and skill, explainable and reproducible from the event stream.
 *
 * Response model (normal-ogive IRT, Lord 1952): a learner of ability θ answers an item of
 * difficulty b correctly with probability  c + (1 − c)·Φ((θ − b) / β),  c being the chance of a
 * lucky guess. Abilities and difficulties share the level scale, β = 1.5: a learner at the
 * item's level gets it right half the time (without guessing), one level above 75%, two levels
 * above 91%.
 *
 * Belief: per skill a normal distribution N(mean, variance) over θ, starting from a prior that
 * spreads over the whole scale (mean 5.5, sd 2.9: every level about equally likely). Each answer
 * updates it by assumed-density filtering (the posterior's mean and variance are matched
 * exactly in closed form — the update TrueSkill uses), so the state is two numbers per skill and
 * one pass over the stream rebuilds it.
 *
 * Level = the band of the mean, round(mean) clamped to 1–10. Confidence = the probability, under
 * the belief, that the true level is within one band of the stated one.
 *
 * Forgetting: between practice sessions of a skill, the part of the mean above level 1 decays
 * along  retained = R + (1 − R)·2^(−days / H)  with R = 0.7 (at most 30% of it is lost) and a
 * half-life H = 45 days × √sessions (each session of practice makes the skill more stable, the
 * spacing effect); the variance grows by 0.01 per day (capped at the prior's), so a long-unused
 * skill is both lower and less certain. Forgetting is applied at the next practice and whenever
 * a level is read at some `now`; the stored state is always "as of the last practice".
 */

export const MODEL = {
  beta: 1.5,
  priorMean: 5.5,
  priorVariance: 2.9 * 2.9,
  retainedFloor: 0.7,
  halfLifeDays: 45,
  varianceGrowthPerDay: 0.01,
  minVariance: 1e-4,
  /** Evidence ids kept per skill: the most recent ones; counts cover the whole history. */
  evidenceKept: 20,
} as const;

const DAY_MS = 86_400_000;

export interface Belief {
  mean: number;
  variance: number;
}

/** The estimator's state for one skill, as of its last practice. */
export interface SkillEstimate extends Belief {
  skill_id: string;
  sessions: number;
  answers: number;
  correct: number;
  hardest_correct: number | null;
  easiest_wrong: number | null;
  first_evidence_at: string;
  last_practised_at: string;
  /** Ids of the most recent events the estimate rests on, oldest first. */
  evidence: string[];
}

/** A level as stored on the profile and served: the estimate read at `as_of`. */
export interface SkillLevel {
  skill_id: string;
  level: number;
  ability: number;
  uncertainty: number;
  confidence: number;
  /** The band range the confidence is about. */
  range: [number, number];
  answers: number;
  correct: number;
  sessions: number;
  forgotten_levels: number;
  last_practised_at: string;
  as_of: string;
  evidence_event_ids: string[];
  explanation: string;
}

export function levelOf(ability: number): number {
  return Math.min(LEVEL_MAX, Math.max(LEVEL_MIN, Math.round(ability)));
}

/** Probability of a right answer, for simulations and item selection. */
export function probabilityCorrect(
  ability: number,
  item: Pick<Response, 'difficulty' | 'guessing'>,
): number {
  return item.guessing + (1 - item.guessing) * normalCdf((ability - item.difficulty) / MODEL.beta);
}

/**
 * One answer's update of the belief. With Z(μ) = E[likelihood] under the belief, the matched
 * posterior is mean + v·∂ln Z/∂μ, variance + v²·∂²ln Z/∂μ² (exact moments for this likelihood).
 */
export function update(
  belief: Belief,
  response: Pick<Response, 'correct' | 'difficulty' | 'guessing'>,
): Belief {
  const { mean, variance } = belief;
  const c = response.guessing;
  const y = response.correct ? 1 : -1;
  const s = Math.sqrt(MODEL.beta * MODEL.beta + variance);
  const u = (y * (mean - response.difficulty)) / s;
  const z = (response.correct ? c : 0) + (1 - c) * normalCdf(u);
  const dz = ((1 - c) * normalPdf(u) * y) / s;
  const d2z = (-(1 - c) * u * normalPdf(u)) / (s * s);
  const g = dz / z;
  const h = d2z / z - g * g;
  return {
    mean: mean + variance * g,
    variance: Math.min(
      MODEL.priorVariance,
      Math.max(MODEL.minVariance, variance + variance * variance * h),
    ),
  };
}

/** Fisher information of an item at an ability: how much one answer can tell. */
export function information(ability: number, item: Pick<Response, 'difficulty' | 'guessing'>) {
  const x = (ability - item.difficulty) / MODEL.beta;
  const p = probabilityCorrect(ability, item);
  const dp = ((1 - item.guessing) * normalPdf(x)) / MODEL.beta;
  return (dp * dp) / (p * (1 - p));
}

/** How much an answer to the item is expected to shrink the belief's variance. */
export function expectedVarianceReduction(
  belief: Belief,
  item: Pick<Response, 'difficulty' | 'guessing'>,
): number {
  const info = information(belief.mean, item);
  return (belief.variance * belief.variance * info) / (1 + belief.variance * info);
}

/** The belief at `at`, after forgetting since the last practice. */
export function forget(estimate: SkillEstimate, at: string): Belief & { forgotten: number } {
  const days = (Date.parse(at) - Date.parse(estimate.last_practised_at)) / DAY_MS;
  if (days <= 0) return { mean: estimate.mean, variance: estimate.variance, forgotten: 0 };
  const halfLife = MODEL.halfLifeDays * Math.sqrt(Math.max(1, estimate.sessions));
  const retained = MODEL.retainedFloor + (1 - MODEL.retainedFloor) * 2 ** (-days / halfLife);
  const above = Math.max(0, estimate.mean - LEVEL_MIN);
  const mean = estimate.mean - above * (1 - retained);
  return {
    mean,
    variance: Math.min(MODEL.priorVariance, estimate.variance + MODEL.varianceGrowthPerDay * days),
    forgotten: estimate.mean - mean,
  };
}

/** One practice session of one skill (an attempt's answers about it, in question order). */
export function observe(
  previous: SkillEstimate | undefined,
  skillId: string,
  responses: readonly Pick<Response, 'correct' | 'difficulty' | 'guessing'>[],
  eventId: string,
  at: string,
): SkillEstimate {
  let belief: Belief = previous
    ? forget(previous, at)
    : { mean: MODEL.priorMean, variance: MODEL.priorVariance };
  let hardest = previous?.hardest_correct ?? null;
  let easiest = previous?.easiest_wrong ?? null;
  let correct = 0;
  for (const response of responses) {
    belief = update(belief, response);
    if (response.correct) {
      correct += 1;
      hardest = hardest === null ? response.difficulty : Math.max(hardest, response.difficulty);
    } else {
      easiest = easiest === null ? response.difficulty : Math.min(easiest, response.difficulty);
    }
  }
  const practisedAt = previous && previous.last_practised_at > at ? previous.last_practised_at : at;
  return {
    skill_id: skillId,
    mean: belief.mean,
    variance: belief.variance,
    sessions: (previous?.sessions ?? 0) + 1,
    answers: (previous?.answers ?? 0) + responses.length,
    correct: (previous?.correct ?? 0) + correct,
    hardest_correct: hardest,
    easiest_wrong: easiest,
    first_evidence_at: previous?.first_evidence_at ?? at,
    last_practised_at: practisedAt,
    evidence: [...(previous?.evidence ?? []), eventId].slice(-MODEL.evidenceKept),
  };
}

/** The responses of an attempt per skill, in question order (a question may measure several). */
export function responsesBySkill<R extends Pick<Response, 'skills'>>(
  responses: readonly R[],
): Map<string, R[]> {
  const bySkill = new Map<string, R[]>();
  for (const response of responses) {
    for (const skill of response.skills) {
      const list = bySkill.get(skill) ?? [];
      list.push(response);
      bySkill.set(skill, list);
    }
  }
  return bySkill;
}

/** Applies every scored answer of one quiz or assessment event to the estimates it touches. */
export function observeEvent(
  estimates: Readonly<Record<string, SkillEstimate>>,
  event: LearnerEvent,
): Record<string, SkillEstimate> {
  if (event.kind !== 'quiz_attempted' && event.kind !== 'assessment_attempted')
    return { ...estimates };
  const next = { ...estimates };
  const bySkill = [...responsesBySkill(event.data.responses)].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [skill, responses] of bySkill) {
    next[skill] = observe(next[skill], skill, responses, event.id, event.occurred_at);
  }
  return next;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function rangeOf(level: number): [number, number] {
  return [Math.max(LEVEL_MIN, level - 1), Math.min(LEVEL_MAX, level + 1)];
}

/** Probability that the true band lies in [lo, hi] (open-ended at the ends of the scale). */
function bandProbability(belief: Belief, [lo, hi]: [number, number]): number {
  const sd = Math.sqrt(belief.variance);
  const upper = hi >= LEVEL_MAX ? 1 : normalCdf((hi + 0.5 - belief.mean) / sd);
  const lower = lo <= LEVEL_MIN ? 0 : normalCdf((lo - 0.5 - belief.mean) / sd);
  return upper - lower;
}

function days(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS);
}

/** The level of a skill read at `now`: forgetting applied, with its evidence and its sentence. */
export function skillLevelAt(estimate: SkillEstimate, now: Date): SkillLevel {
  const asOf = now.toISOString();
  const belief = forget(estimate, asOf);
  const level = levelOf(belief.mean);
  const range = rangeOf(level);
  const confidence = bandProbability(belief, range);
  const sd = Math.sqrt(belief.variance);
  const idle = days(estimate.last_practised_at, asOf);
  const parts = [
    `Level ${level} in ${estimate.skill_id} (ability ${belief.mean.toFixed(1)} ± ${sd.toFixed(1)}):`,
    `${estimate.correct} of ${estimate.answers} answers right over ${estimate.sessions} ${estimate.sessions === 1 ? 'session' : 'sessions'}`,
  ];
  const extremes = [
    estimate.hardest_correct !== null
      ? `hardest right answer at difficulty ${estimate.hardest_correct}`
      : null,
    estimate.easiest_wrong !== null ? `easiest miss at difficulty ${estimate.easiest_wrong}` : null,
  ].filter((p): p is string => p !== null);
  let sentence = `${parts.join(' ')}${extremes.length ? `, ${extremes.join(', ')}` : ''}; ${Math.round(confidence * 100)}% likely between ${range[0]} and ${range[1]}.`;
  if (belief.forgotten >= 0.05) {
    sentence += ` Lowered by ${belief.forgotten.toFixed(1)} ${belief.forgotten >= 0.95 && belief.forgotten < 1.05 ? 'level' : 'levels'}: not practised for ${idle} days.`;
  }
  return {
    skill_id: estimate.skill_id,
    level,
    ability: round2(belief.mean),
    uncertainty: round2(sd),
    confidence: round2(confidence),
    range,
    answers: estimate.answers,
    correct: estimate.correct,
    sessions: estimate.sessions,
    forgotten_levels: round2(belief.forgotten),
    last_practised_at: estimate.last_practised_at,
    as_of: asOf,
    evidence_event_ids: [...estimate.evidence],
    explanation: sentence,
  };
}

export interface KnowledgeGap {
  skill_id: string;
  current_level: number | null;
  target_level: number;
  gap: number;
  priority: 'high' | 'medium' | 'low';
  confidence: number | null;
  target_source: string;
  reason: string;
}

export interface Target {
  skill_id: string;
  target_level: number;
  /** Who sets it: `goal "Backend developer"`, `assessment "Python diagnostic"`. */
  source: string;
}

/** Gaps between levels and targets, largest first; the highest target per skill counts. */
export function knowledgeGaps(
  levels: Readonly<Record<string, SkillLevel>>,
  targets: readonly Target[],
): KnowledgeGap[] {
  const strongest = new Map<string, Target>();
  for (const target of targets) {
    const seen = strongest.get(target.skill_id);
    if (!seen || target.target_level > seen.target_level) strongest.set(target.skill_id, target);
  }
  const gaps: KnowledgeGap[] = [];
  for (const target of strongest.values()) {
    const level = levels[target.skill_id];
    const current = level?.level ?? null;
    if (current !== null && current >= target.target_level) continue;
    const gap = target.target_level - (current ?? 0);
    gaps.push({
      skill_id: target.skill_id,
      current_level: current,
      target_level: target.target_level,
      gap,
      priority: gap >= 3 ? 'high' : gap === 2 ? 'medium' : 'low',
      confidence: level?.confidence ?? null,
      target_source: target.source,
      reason:
        current === null
          ? `No evidence yet for ${target.skill_id}; ${target.source} asks for level ${target.target_level}`
          : `${target.skill_id} at level ${current}, ${target.source} asks for level ${target.target_level}`,
    });
  }
  return gaps.sort((a, b) => b.gap - a.gap || (a.skill_id < b.skill_id ? -1 : 1));
}

/** The level proficiency means when an assessment names no target for a skill. */
export const DEFAULT_TARGET_LEVEL = 6;

/**
 * Seed 003's `process_diagnostic_assessment`: the attempt's answers update the learner's
 * estimates; the result is every assessed skill's level and the gaps against the assessment's
 * targets and any goal targets.
 */
export function processDiagnosticAssessment(
  estimates: Readonly<Record<string, SkillEstimate>>,
  attempt: Extract<LearnerEvent, { kind: 'assessment_attempted' }>,
  goalTargets: readonly Target[],
  now: Date,
): {
  estimates: Record<string, SkillEstimate>;
  skill_levels: Record<string, SkillLevel>;
  knowledge_gaps: KnowledgeGap[];
} {
  const next = observeEvent(estimates, attempt);
  const assessed = [...responsesBySkill(attempt.data.responses).keys()].sort();
  const skillLevels: Record<string, SkillLevel> = {};
  for (const skill of assessed)
    skillLevels[skill] = skillLevelAt(next[skill] as SkillEstimate, now);
  const source = `assessment "${attempt.data.title}"`;
  const targets: Target[] = [
    ...assessed.map((skill) => ({
      skill_id: skill,
      target_level: attempt.data.target_levels[skill] ?? DEFAULT_TARGET_LEVEL,
      source,
    })),
    ...goalTargets.filter((t) => assessed.includes(t.skill_id)),
  ];
  return {
    estimates: next,
    skill_levels: skillLevels,
    knowledge_gaps: knowledgeGaps(skillLevels, targets),
  };
}

/**
 * Seed 003's `calculate_skill_from_history`: the same estimator folded over the learner's whole
 * stream (in stream order), read at `now`. Null when nothing has measured the skill.
 */
export function calculateSkillFromHistory(
  events: readonly LearnerEvent[],
  skillId: string,
  now: Date,
): SkillLevel | null {
  let estimate: SkillEstimate | undefined;
  const ordered = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const event of ordered) {
    if (event.kind !== 'quiz_attempted' && event.kind !== 'assessment_attempted') continue;
    const responses = responsesBySkill(event.data.responses).get(skillId);
    if (responses) estimate = observe(estimate, skillId, responses, event.id, event.occurred_at);
  }
  return estimate ? skillLevelAt(estimate, now) : null;
}
