import type { SkillLevel } from './estimator';
import { resourceKey, type LearnerSignals, type RecommendationAction } from './signals';
import { difficultyRank, type PathwayDifficulty, type Prerequisite } from './skills';
import { detectStrugglingLearner } from './struggle';
import { adjustDifficulty } from './difficulty';
import { declinedLessons, recommendationId } from './recommendation-ids';

/**
 * Seed 003's rule-based recommendations over the folded signals (signals.ts) and skill levels,
 * pure: next lesson with prerequisite checking, revision after a poor quiz, difficulty
 * adjustment, struggling-learner detection. Each recommendation carries a reason code, the
 * sentence, its evidence (event ids and scores) and its lifecycle status; its id is a hash of
 * the learner, the rule, the target and the evidence, so recomputing from the same events gives
 * the same ids and an action on one stays attached to it.
 */

export const REVISION_BELOW = 60;
const MAX_REVISIONS = 5;

export interface CatalogResource {
  resource_id: string;
  title: string;
  type: string;
  estimated_minutes: number | null;
  skills: string[];
  prerequisites: Prerequisite[];
}

export interface CatalogOutline {
  pathway_id: string;
  title: string;
  difficulty: PathwayDifficulty;
  modules: { module_id: string; title: string; resources: CatalogResource[] }[];
}

export type ReasonCode =
  | 'next_in_sequence'
  | 'prerequisite_first'
  | 'revision'
  | 'difficulty_up'
  | 'difficulty_down'
  | 'struggling';

export type RecommendationStatus = 'active' | RecommendationAction['action'];

export interface Recommendation {
  id: string;
  reason_code: ReasonCode;
  reason: string;
  target: {
    type: 'resource' | 'skill' | 'difficulty';
    id: string;
    title: string;
    pathway_id: string | null;
  };
  estimated_minutes: number | null;
  evidence: { event_ids: string[]; scores: number[] };
  priority: number;
  status: RecommendationStatus;
  acted_at: string | null;
}

type Draft = Omit<Recommendation, 'id' | 'status' | 'acted_at'>;

function finish(userId: string, draft: Draft, signals: LearnerSignals): Recommendation {
  const id = recommendationId(userId, draft);
  const action = signals.actions[id];
  return { id, ...draft, status: action?.action ?? 'active', acted_at: action?.at ?? null };
}

const pct = (x: number) => `${Math.round(x)}%`;

/**
 * Seed 003's `recommend_next_lesson`: the first resource of the pathway, in module order, that
 * is not done and whose lesson recommendation the learner did not skip or ignore (declining one
 * moves the recommendation on to the lesson after it). Its prerequisites are checked against the
 * learner's levels first; an unmet one becomes a prerequisite recommendation instead, saying
 * what is missing.
 */
export function recommendNextLesson(
  outline: CatalogOutline,
  signals: LearnerSignals,
  levels: Readonly<Record<string, Pick<SkillLevel, 'level'>>>,
  declined: (resourceId: string) => boolean = () => false,
): Draft | null {
  const done = (r: CatalogResource) =>
    signals.resources[resourceKey(outline.pathway_id, r.resource_id)]?.completed === true;
  const touched = Object.values(signals.resources)
    .filter((r) => r.pathway_id === outline.pathway_id)
    .sort((a, b) => (a.last_activity_at < b.last_activity_at ? -1 : 1));
  const latest = touched.at(-1);
  for (const [m, mod] of outline.modules.entries()) {
    const next = mod.resources.find((r) => !done(r) && !declined(r.resource_id));
    if (!next) continue;
    const evidence = { event_ids: latest ? latest.event_ids.slice(-1) : [], scores: [] };
    const target = {
      type: 'resource' as const,
      id: next.resource_id,
      title: next.title,
      pathway_id: outline.pathway_id,
    };
    const missing = next.prerequisites.flatMap((p) =>
      p.kind === 'skill' && (levels[p.skill_id]?.level ?? 0) < p.min_level
        ? [`${p.skill_id} level ${p.min_level} (now ${levels[p.skill_id]?.level ?? 'no evidence'})`]
        : p.kind === 'pathway' && !signals.completed_pathways.includes(p.pathway_id)
          ? [`the pathway ${p.pathway_id} completed`]
          : [],
    );
    if (missing.length > 0)
      return {
        reason_code: 'prerequisite_first',
        reason: `Before ${mod.title} - ${next.title}: needs ${missing.join(', ')}`,
        target,
        estimated_minutes: next.estimated_minutes,
        evidence,
        priority: 2,
      };
    return {
      reason_code: 'next_in_sequence',
      reason: `Next in sequence: Module ${m + 1} - ${next.title}`,
      target,
      estimated_minutes: next.estimated_minutes,
      evidence,
      priority: 3,
    };
  }
  return null;
}

/**
 * Seed 003's `recommend_revision_content`: skills of quizzes whose latest attempt scored below
 * REVISION_BELOW, lowest first; the lesson to review is the resource before the quiz in the
 * pathway that teaches the skill (else the quiz itself).
 */
export function recommendRevision(
  signals: LearnerSignals,
  catalog: readonly CatalogOutline[],
  limit = MAX_REVISIONS,
): Draft[] {
  const latest = new Map<string, LearnerSignals['quizzes'][number]>();
  for (const q of signals.quizzes) latest.set(resourceKey(q.pathway_id, q.resource_id), q);
  const drafts: Draft[] = [];
  const poor = [...latest.values()]
    .filter((q) => q.percentage < REVISION_BELOW)
    .sort((a, b) => a.percentage - b.percentage || (a.event_id < b.event_id ? -1 : 1));
  for (const quiz of poor) {
    const outline = catalog.find((o) => o.pathway_id === quiz.pathway_id);
    const ordered = outline?.modules.flatMap((m) => m.resources) ?? [];
    const at = ordered.findIndex((r) => r.resource_id === quiz.resource_id);
    const failures = signals.quizzes.filter(
      (q) => q.pathway_id === quiz.pathway_id && q.resource_id === quiz.resource_id && !q.passed,
    );
    for (const skill of quiz.skills) {
      const lesson = ordered
        .slice(0, Math.max(0, at))
        .reverse()
        .find((r) => r.skills.includes(skill));
      const quizTitle = ordered[at]?.title ?? quiz.resource_id;
      drafts.push({
        reason_code: 'revision',
        reason: `Review ${skill} - recent quiz score: ${pct(quiz.percentage)}`,
        target: {
          type: 'resource',
          id: lesson?.resource_id ?? quiz.resource_id,
          title: lesson?.title ?? quizTitle,
          pathway_id: quiz.pathway_id,
        },
        estimated_minutes: lesson?.estimated_minutes ?? null,
        evidence: {
          event_ids: failures.map((q) => q.event_id),
          scores: failures.map((q) => q.percentage),
        },
        priority: 1,
      });
    }
  }
  return drafts.slice(0, limit);
}

/**
 * Every current recommendation for a learner, most urgent first (priority, then id). Pathways
 * the learner completed get no next lesson; a skipped or ignored recommendation keeps its status
 * so clients can leave it out.
 */
export function recommend(input: {
  user_id: string;
  signals: LearnerSignals;
  levels: Readonly<Record<string, Pick<SkillLevel, 'level'>>>;
  catalog: readonly CatalogOutline[];
  now: Date;
}): Recommendation[] {
  const { signals, catalog, now } = input;
  const drafts: Draft[] = [];
  const active = catalog.filter(
    (o) =>
      !signals.completed_pathways.includes(o.pathway_id) &&
      Object.values(signals.resources).some((r) => r.pathway_id === o.pathway_id),
  );
  for (const outline of active) {
    const next = recommendNextLesson(
      outline,
      signals,
      input.levels,
      declinedLessons(input.user_id, signals),
    );
    if (next) drafts.push(next);
  }
  drafts.push(...recommendRevision(signals, catalog));

  const recent = signals.quizzes.slice(-5);
  const last = recent.at(-1);
  const lastOutline = last && catalog.find((o) => o.pathway_id === last.pathway_id);
  if (last && lastOutline) {
    const adjusted = adjustDifficulty(
      lastOutline.difficulty,
      recent.map((q) => q.percentage),
    );
    if (adjusted.new_difficulty !== lastOutline.difficulty)
      drafts.push({
        reason_code:
          difficultyRank[adjusted.new_difficulty] > difficultyRank[lastOutline.difficulty]
            ? 'difficulty_up'
            : 'difficulty_down',
        reason: adjusted.explanation,
        target: {
          type: 'difficulty',
          id: adjusted.new_difficulty,
          title: adjusted.new_difficulty,
          pathway_id: null,
        },
        estimated_minutes: null,
        evidence: {
          event_ids: recent.map((q) => q.event_id),
          scores: recent.map((q) => q.percentage),
        },
        priority: 4,
      });
  }

  for (const signal of Object.values(signals.resources)) {
    const resource = catalog
      .find((o) => o.pathway_id === signal.pathway_id)
      ?.modules.flatMap((m) => m.resources)
      .find((r) => r.resource_id === signal.resource_id);
    if (!resource) continue;
    const { is_struggling, reasons } = detectStrugglingLearner(signal, resource, now);
    if (!is_struggling) continue;
    drafts.push({
      reason_code: 'struggling',
      reason: `Extra help with ${resource.title}: ${reasons.map((r) => r.sentence).join('; ')}`,
      target: {
        type: 'resource',
        id: resource.resource_id,
        title: resource.title,
        pathway_id: signal.pathway_id,
      },
      estimated_minutes: resource.estimated_minutes,
      evidence: { event_ids: [...new Set(reasons.flatMap((r) => r.event_ids))].sort(), scores: [] },
      priority: 0,
    });
  }
  return drafts
    .map((d) => finish(input.user_id, d, signals))
    .filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i)
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
}
