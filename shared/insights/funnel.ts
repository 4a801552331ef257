import type { Outline } from '../catalog/model';
import { share } from './stats';

/**
 * A pathway's completion funnel, pure: enrolled → started → each module completed, in outline
 * order → pathway completed. Every step's rate is of the enrolled learners, and its drop-off is
 * the share of the previous step's learners not counted in this one (modules are not strictly
 * nested — a learner may complete module 3 before module 2 — so a drop-off can be negative).
 */

export interface FunnelCounts {
  enrolled: number;
  started: number;
  /** Learners whose module aggregate says completed, by module id. */
  modules: Readonly<Record<string, number>>;
  completed: number;
}

export interface FunnelStep {
  step: 'enrolled' | 'started' | 'module' | 'completed';
  module_id: string | null;
  label: string;
  learners: number;
  rate: number | null;
  drop_off: number | null;
}

export function completionFunnel(outline: Outline, counts: FunnelCounts): FunnelStep[] {
  const raw: Omit<FunnelStep, 'rate' | 'drop_off'>[] = [
    { step: 'enrolled', module_id: null, label: 'Enrolled', learners: counts.enrolled },
    { step: 'started', module_id: null, label: 'Started', learners: counts.started },
    ...outline.modules.map((m) => ({
      step: 'module' as const,
      module_id: m.module_id,
      label: m.title,
      learners: counts.modules[m.module_id] ?? 0,
    })),
    { step: 'completed', module_id: null, label: 'Pathway completed', learners: counts.completed },
  ];
  return raw.map((s, i) => {
    const previous = i === 0 ? null : (raw[i - 1] as (typeof raw)[number]).learners;
    return {
      ...s,
      rate: share(s.learners, counts.enrolled),
      drop_off: previous === null ? null : share(previous - s.learners, previous),
    };
  });
}
