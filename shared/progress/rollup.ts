import type { Timestamp } from 'firebase-admin/firestore';
import type { Outline } from '../catalog/model';
import type { ProgressEventType } from '../events';
import {
  isDone,
  type ModuleAggregate,
  type PathwayAggregate,
  type ResourceState,
  type ResumePointer,
} from './model';

/**
 * Rollups: one pure function from a pathway outline and a learner's resource states to the
 * module and pathway aggregates and the resume pointer. Every writer (API, submissions,
 * outline-change recompute, repair) goes through it, so aggregates cannot disagree.
 *
 * - A module counts its required resources; `required_count` (N of M) lowers the bar to N.
 *   Optional resources never block anything. A module with nothing required is complete.
 * - `module_progress` = done / target; `pathway_progress` = Σ done / Σ target over modules,
 *   one decimal (seed 000: one resource of thirty is 3.3).
 * - Pathway completion is sticky: content added later reopens work (progress drops below 100)
 *   but `completed_at` and `completed_on_version` stay.
 */

export interface RollupInput {
  outline: Outline;
  outlineVersion: number;
  resources: Record<string, ResourceState>;
  previous: { modules: Record<string, ModuleAggregate>; pathway: PathwayAggregate } | null;
  now: Timestamp;
}

export interface Rollup {
  modules: Record<string, ModuleAggregate>;
  pathway: PathwayAggregate;
  resume: ResumePointer | null;
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  const rounded = Math.round((done / total) * 1000) / 10;
  // Rounding must not report unfinished work as finished: 1,999 of 2,000 is 99.9, not 100.
  return done < total ? Math.min(rounded, 99.9) : rounded;
}

export function rollup(input: RollupInput): Rollup {
  const { outline, resources, previous, now } = input;
  const modules: Record<string, ModuleAggregate> = {};
  let requiredDone = 0;
  let requiredTotal = 0;
  let completedModules = 0;

  for (const module of outline.modules) {
    const eligible = module.resources.filter((r) => r.required);
    const target = Math.min(module.required_count ?? eligible.length, eligible.length);
    const done = eligible.filter((r) => isDone(resources[r.resource_id])).length;
    const counted = Math.min(done, target);
    const completed = counted >= target;
    const before = previous?.modules[module.module_id];
    modules[module.module_id] = {
      module_progress: target === 0 ? 100 : percent(counted, target),
      done,
      target,
      completed,
      completed_at: completed ? (before?.completed ? before.completed_at : now) : null,
    };
    requiredDone += counted;
    requiredTotal += target;
    if (completed) completedModules += 1;
  }

  let totalMinutes = 0;
  for (const state of Object.values(resources)) totalMinutes += state.time_spent_minutes;

  const complete = requiredTotal > 0 && requiredDone >= requiredTotal;
  const prior = previous?.pathway;
  const pathway: PathwayAggregate = {
    pathway_progress: percent(requiredDone, requiredTotal),
    required_done: requiredDone,
    required_total: requiredTotal,
    completed_modules: completedModules,
    total_modules: outline.modules.length,
    total_time_spent_minutes: totalMinutes,
    completed_at: prior?.completed_at ?? (complete ? now : null),
    completed_on_version: prior?.completed_on_version ?? (complete ? input.outlineVersion : null),
  };

  return { modules, pathway, resume: resumePointer(outline, resources) };
}

/**
 * Where the learner picks up: the most recently touched resource that is not done; else the
 * next not-done resource after the most recently touched one (required before optional,
 * wrapping around); else nothing (all done). Untouched pathways start at the beginning.
 */
export function resumePointer(
  outline: Outline,
  resources: Record<string, ResourceState>,
): ResumePointer | null {
  const ordered = outline.modules.flatMap((m) =>
    m.resources.map((r) => ({ module_id: m.module_id, resource: r })),
  );
  if (ordered.length === 0) return null;

  let latestIndex = -1;
  let latestOpenIndex = -1;
  let latest = -Infinity;
  let latestOpen = -Infinity;
  ordered.forEach((entry, index) => {
    const state = resources[entry.resource.resource_id];
    if (!state) return;
    const at = state.last_activity_at.toMillis();
    if (at > latest) {
      latest = at;
      latestIndex = index;
    }
    if (!isDone(state) && at > latestOpen) {
      latestOpen = at;
      latestOpenIndex = index;
    }
  });

  const pointer = (index: number): ResumePointer => {
    const entry = ordered[index] as (typeof ordered)[number];
    return { module_id: entry.module_id, resource_id: entry.resource.resource_id };
  };
  if (latestOpenIndex >= 0) return pointer(latestOpenIndex);

  const start = latestIndex + 1;
  for (const wantRequired of [true, false]) {
    for (let step = 0; step < ordered.length; step += 1) {
      const index = (start + step) % ordered.length;
      const entry = ordered[index] as (typeof ordered)[number];
      if (
        entry.resource.required === wantRequired &&
        !isDone(resources[entry.resource.resource_id])
      ) {
        return pointer(index);
      }
    }
  }
  return null;
}

/** The progress events a rollup reveals; a reset is reported by the reset itself. */
export type RollupEventType = Exclude<ProgressEventType, 'progress_reset'>;

export interface ProgressChange {
  type: RollupEventType;
  module_id?: string;
  resource_id?: string;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
}

interface Snapshot {
  resources: Record<string, ResourceState>;
  modules: Record<string, ModuleAggregate>;
  pathway: PathwayAggregate;
}

/** What changed that others care about, with old and new values. */
export function progressChanges(before: Snapshot, after: Snapshot): ProgressChange[] {
  const changes: ProgressChange[] = [];
  for (const [resourceId, state] of Object.entries(after.resources)) {
    const was = before.resources[resourceId]?.status ?? 'not_started';
    if (state.status === was) continue;
    if (state.status === 'completed') {
      changes.push({
        type: 'resource_completed',
        resource_id: resourceId,
        old: { status: was },
        new: { status: state.status },
      });
    } else if (state.status === 'submitted') {
      changes.push({
        type: 'resource_submitted',
        resource_id: resourceId,
        old: { status: was },
        new: { status: state.status },
      });
    } else if (was === 'completed' || was === 'submitted') {
      changes.push({
        type: 'resource_reopened',
        resource_id: resourceId,
        old: { status: was },
        new: { status: state.status },
      });
    }
  }
  for (const [moduleId, aggregate] of Object.entries(after.modules)) {
    const was = before.modules[moduleId];
    if (aggregate.completed && !was?.completed) {
      changes.push({
        type: 'module_completed',
        module_id: moduleId,
        old: { module_progress: was?.module_progress ?? 0, completed: false },
        new: { module_progress: aggregate.module_progress, completed: true },
      });
    }
  }
  if (after.pathway.completed_at && !before.pathway.completed_at) {
    changes.push({
      type: 'pathway_completed',
      old: { pathway_progress: before.pathway.pathway_progress, completed: false },
      new: { pathway_progress: after.pathway.pathway_progress, completed: true },
    });
  }
  return changes;
}
