import type { PathwayDoc } from '../catalog/model';
import type { CatalogPathway } from './path-planner';
import type { CatalogOutline } from './recommendations';

/**
 * The catalog as the learner model's rules read it, mapped from pathway documents alone (the
 * outline carries each resource's skill tags), so no rule needs a resource document.
 */

export function catalogOutline(id: string, p: PathwayDoc): CatalogOutline {
  return {
    pathway_id: id,
    title: p.title,
    difficulty: p.learning?.difficulty ?? p.difficulty ?? 'beginner',
    modules: p.outline.modules.map((m) => ({
      module_id: m.module_id,
      title: m.title,
      resources: m.resources.map((r) => ({
        resource_id: r.resource_id,
        title: r.title,
        type: r.type,
        estimated_minutes: r.duration_minutes > 0 ? r.duration_minutes : null,
        skills: r.learning?.skills.map((s) => s.skill_id) ?? [],
        prerequisites: r.learning?.prerequisites ?? [],
      })),
    })),
  };
}

/** A published pathway the planner may put on a path: only tagged pathways teach skills. */
export function plannerPathway(id: string, p: PathwayDoc): CatalogPathway | null {
  if (p.status !== 'published' || !p.learning) return null;
  return { id, title: p.title, learning: p.learning };
}

/** A learner's progress (0–100) in each pathway, from the resources the stream shows done. */
export function pathwayProgress(
  outlines: readonly CatalogOutline[],
  done: (pathwayId: string, resourceId: string) => boolean,
): Record<string, number> {
  const progress: Record<string, number> = {};
  for (const o of outlines) {
    const resources = o.modules.flatMap((m) => m.resources);
    if (resources.length === 0) continue;
    const finished = resources.filter((r) => done(o.pathway_id, r.resource_id)).length;
    if (finished > 0) progress[o.pathway_id] = Math.round((finished / resources.length) * 100);
  }
  return progress;
}
