import type { Outline } from '../catalog/model';
import { median, rounded } from './stats';

/**
 * Median time per resource, pure: over the learners (of the enrolments read) who finished the
 * resource, the minutes their progress recorded on it. Time of learners still working on it
 * would pull the median down while they are mid-way, so only finished work counts.
 */

export interface ResourceTimeState {
  status: string;
  time_spent_minutes: number;
}

export interface ResourceTime {
  resource_id: string;
  module_id: string;
  title: string;
  type: string;
  expected_minutes: number;
  learners: number;
  median_minutes: number | null;
}

const DONE = new Set(['completed', 'submitted']);

export function medianTimePerResource(
  outline: Outline,
  enrolments: readonly Readonly<Record<string, ResourceTimeState | undefined>>[],
): ResourceTime[] {
  return outline.modules.flatMap((m) =>
    m.resources.map((r) => {
      const minutes = enrolments
        .map((resources) => resources[r.resource_id])
        .filter((s): s is ResourceTimeState => s !== undefined && DONE.has(s.status))
        .map((s) => s.time_spent_minutes);
      return {
        resource_id: r.resource_id,
        module_id: m.module_id,
        title: r.title,
        type: r.type,
        expected_minutes: r.duration_minutes,
        learners: minutes.length,
        median_minutes: rounded(median(minutes)),
      };
    }),
  );
}
