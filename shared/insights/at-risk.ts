import type { Outline } from '../catalog/model';
import type { ResourceSignal } from '../learner/signals';
import { detectStrugglingLearner, type StruggleReason } from '../learner/struggle';

/**
 * At-risk learners of one pathway, pure: the learner model's struggling-learner rule
 * (learner/struggle.ts) applied now to each learner's folded signals on the pathway's resources,
 * so the reasons are the ones the learner model gives its recommendations, with the stall
 * measured at the time of the read. Most reasons first.
 */

export interface LearnerSignalsOf {
  user_id: string;
  resources: Readonly<Record<string, ResourceSignal>>;
}

export interface AtRiskReason {
  code: StruggleReason['code'];
  resource_id: string;
  resource_title: string;
  sentence: string;
}

export interface AtRiskLearner {
  user_id: string;
  reasons: AtRiskReason[];
}

export function atRiskLearners(
  pathwayId: string,
  outline: Outline,
  learners: readonly LearnerSignalsOf[],
  now: Date,
): AtRiskLearner[] {
  const resources = new Map(
    outline.modules.flatMap((m) => m.resources).map((r) => [r.resource_id, r]),
  );
  const found: AtRiskLearner[] = [];
  for (const learner of learners) {
    const reasons: AtRiskReason[] = [];
    for (const signal of Object.values(learner.resources)) {
      const resource = resources.get(signal.resource_id);
      if (signal.pathway_id !== pathwayId || !resource) continue;
      const estimated = resource.duration_minutes > 0 ? resource.duration_minutes : null;
      const verdict = detectStrugglingLearner(
        signal,
        { title: resource.title, estimated_minutes: estimated },
        now,
      );
      for (const r of verdict.reasons)
        reasons.push({
          code: r.code,
          resource_id: resource.resource_id,
          resource_title: resource.title,
          sentence: r.sentence,
        });
    }
    if (reasons.length > 0) found.push({ user_id: learner.user_id, reasons });
  }
  return found.sort(
    (a, b) =>
      b.reasons.length - a.reasons.length ||
      (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0),
  );
}
