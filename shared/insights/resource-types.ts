import type { Outline } from '../catalog/model';
import { share } from './stats';

/**
 * Completion rate by resource type, pure (seed 000: "completion rates by … resource type"): for
 * each type in the outline, the completions of its resources over what all enrolled learners
 * completing all of them would be.
 */

export interface TypeCompletion {
  type: string;
  resources: number;
  completions: number;
  possible: number;
  rate: number | null;
}

export function completionByResourceType(
  outline: Outline,
  enrolled: number,
  doneByResource: Readonly<Record<string, number>>,
): TypeCompletion[] {
  const byType = new Map<string, { resources: number; completions: number }>();
  for (const m of outline.modules)
    for (const r of m.resources) {
      const t = byType.get(r.type) ?? { resources: 0, completions: 0 };
      t.resources += 1;
      t.completions += doneByResource[r.resource_id] ?? 0;
      byType.set(r.type, t);
    }
  return [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, t]) => ({
      type,
      resources: t.resources,
      completions: t.completions,
      possible: t.resources * enrolled,
      rate: share(t.completions, t.resources * enrolled),
    }));
}
