import type { LearnerEvent } from './events';
import {
  DEFAULT_TARGET_LEVEL,
  knowledgeGaps,
  observeEvent,
  skillLevelAt,
  type KnowledgeGap,
  type SkillEstimate,
  type SkillLevel,
  type Target,
} from './estimator';
import type { Goal } from './goals';
import { recommend, type CatalogOutline, type Recommendation } from './recommendations';
import { emptySignals, foldSignals, type LearnerSignals } from './signals';

/**
 * The learner model as one fold over the event stream, pure: skill estimates, recommendation
 * signals, goals, assessment targets and the open recommendations. Every event is folded on its
 * own, at its own time, so the result does not depend on how the stream was split into batches:
 * replaying the whole stream from `emptyModel()` gives exactly the state, and exactly the
 * recommendation documents, that incremental folding wrote.
 */

export interface StoredRecommendation extends Omit<Recommendation, 'status'> {
  /** `superseded`: the rules stopped producing it before the learner finished or acted on it. */
  status: Recommendation['status'] | 'superseded';
  /** The time of the event that first produced it. */
  created_at: string;
  /** The time of the event that last changed it. */
  updated_at: string;
}

export interface ModelState {
  last_event_id: string | null;
  last_event_at: string | null;
  events_folded: number;
  estimates: Record<string, SkillEstimate>;
  signals: LearnerSignals;
  /** Goals as last set, by id. */
  goals: Record<string, Goal>;
  /** Per skill, the level the latest assessment measuring it calls proficient. */
  assessment_targets: Record<string, { target_level: number; source: string }>;
  /** Recommendations still open (active or accepted), by id; final ones live only as documents. */
  open_recommendations: Record<string, StoredRecommendation>;
}

export const emptyModel = (): ModelState => ({
  last_event_id: null,
  last_event_at: null,
  events_folded: 0,
  estimates: {},
  signals: emptySignals(),
  goals: {},
  assessment_targets: {},
  open_recommendations: {},
});

const OPEN = new Set<StoredRecommendation['status']>(['active', 'accepted']);

export function levelsAt(
  estimates: Readonly<Record<string, SkillEstimate>>,
  at: Date,
): Record<string, SkillLevel> {
  return Object.fromEntries(
    Object.keys(estimates)
      .sort()
      .map((skill) => [skill, skillLevelAt(estimates[skill] as SkillEstimate, at)]),
  );
}

/** What levels are measured against: active goals' targets and the assessments' targets. */
export function targetsOf(state: Pick<ModelState, 'goals' | 'assessment_targets'>): Target[] {
  const targets: Target[] = [];
  for (const goal of Object.values(state.goals)) {
    if (goal.status !== 'active') continue;
    for (const t of goal.targets) targets.push({ ...t, source: `goal "${goal.title}"` });
  }
  for (const [skill, t] of Object.entries(state.assessment_targets))
    targets.push({ skill_id: skill, target_level: t.target_level, source: t.source });
  return targets.sort((a, b) => (a.skill_id < b.skill_id ? -1 : a.skill_id > b.skill_id ? 1 : 0));
}

export function gapsAt(state: ModelState, at: Date): KnowledgeGap[] {
  return knowledgeGaps(levelsAt(state.estimates, at), targetsOf(state));
}

/**
 * Whether the event that made an open recommendation disappear is the learner finishing it:
 * completing (or passing) its target, or for a revision, passing the quiz it revises.
 */
function finishedBy(rec: StoredRecommendation, event: LearnerEvent, signals: LearnerSignals) {
  if (event.kind === 'completed' || event.kind === 'submitted') {
    return (
      event.data.resource_id === rec.target.id && event.data.pathway_id === rec.target.pathway_id
    );
  }
  if (event.kind !== 'quiz_attempted' || !event.data.passed) return false;
  if (event.data.resource_id === rec.target.id) return true;
  if (rec.reason_code !== 'revision') return false;
  const revised = signals.quizzes.find((q) => rec.evidence.event_ids.includes(q.event_id));
  return revised?.resource_id === event.data.resource_id;
}

/** Whether a recommendation kept its status, sentence, target and evidence (ids are stable). */
function sameContent(before: StoredRecommendation, rec: Recommendation): boolean {
  const content = (r: Recommendation | StoredRecommendation) =>
    JSON.stringify([r.status, r.reason, r.target, r.evidence, r.estimated_minutes, r.priority]);
  return content(before) === content(rec);
}

/** One event folded into the model; `changed` lists the recommendation documents it changes. */
export function foldModel(
  state: ModelState,
  event: LearnerEvent,
  catalog: readonly CatalogOutline[],
): { state: ModelState; changed: StoredRecommendation[] } {
  const at = event.occurred_at;
  const signals = foldSignals(state.signals, event);
  const estimates = observeEvent(state.estimates, event);
  const goals = { ...state.goals };
  if (event.kind === 'goal_set') goals[event.data.goal_id] = event.data;
  const assessmentTargets = { ...state.assessment_targets };
  if (event.kind === 'assessment_attempted') {
    const skills = [...new Set(event.data.responses.flatMap((r) => r.skills))].sort();
    for (const skill of skills)
      assessmentTargets[skill] = {
        target_level: event.data.target_levels[skill] ?? DEFAULT_TARGET_LEVEL,
        source: `assessment "${event.data.title}"`,
      };
  }

  const current = recommend({
    user_id: event.user_id,
    signals,
    levels: levelsAt(estimates, new Date(at)),
    catalog,
    now: new Date(at),
  });
  const open: Record<string, StoredRecommendation> = {};
  const changed: StoredRecommendation[] = [];
  const produced = new Set<string>();
  for (const rec of current) {
    produced.add(rec.id);
    const before = state.open_recommendations[rec.id];
    if (!before && !OPEN.has(rec.status)) continue; // final already, written when it became so
    const next: StoredRecommendation = {
      ...rec,
      created_at: before?.created_at ?? at,
      updated_at: before && sameContent(before, rec) ? before.updated_at : at,
    };
    if (!before || next.updated_at === at) changed.push(next);
    if (OPEN.has(next.status)) open[rec.id] = next;
  }
  for (const [id, before] of Object.entries(state.open_recommendations)) {
    if (produced.has(id)) continue;
    changed.push({
      ...before,
      status: finishedBy(before, event, signals) ? 'completed' : 'superseded',
      acted_at: finishedBy(before, event, signals) ? at : before.acted_at,
      updated_at: at,
    });
  }
  return {
    state: {
      last_event_id: event.id,
      last_event_at: at,
      events_folded: state.events_folded + 1,
      estimates,
      signals,
      goals,
      assessment_targets: assessmentTargets,
      open_recommendations: open,
    },
    changed,
  };
}

/** Folds events in stream order; each recommendation's last change wins. */
export function foldModelStream(
  state: ModelState,
  events: readonly LearnerEvent[],
  catalog: readonly CatalogOutline[],
): { state: ModelState; changed: Map<string, StoredRecommendation> } {
  let next = state;
  const changed = new Map<string, StoredRecommendation>();
  for (const event of events) {
    const folded = foldModel(next, event, catalog);
    next = folded.state;
    for (const rec of folded.changed) changed.set(rec.id, rec);
  }
  return { state: next, changed };
}

/** The pathways whose outlines the recommendation rules read for this state and these events. */
export function pathwaysOf(state: ModelState, events: readonly LearnerEvent[]): string[] {
  const ids = new Set<string>(Object.values(state.signals.resources).map((r) => r.pathway_id));
  for (const e of events) if ('pathway_id' in e.data) ids.add(e.data.pathway_id);
  return [...ids].sort();
}
