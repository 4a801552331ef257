import { failedPrecondition } from '../errors';

/**
 * A course project's life (seed 002's `status`): `draft` until its first generation starts,
 * `generating` while the pipeline runs, then `ready` or `failed`; a ready course is `published`.
 * Only the pipeline moves a project into or out of `generating`, so a client cannot fake a run
 * or hide a failure; what a client may do by hand is a subset of the same graph.
 */
export const ProjectStatuses = ['draft', 'generating', 'ready', 'failed', 'published'] as const;
export type ProjectStatus = (typeof ProjectStatuses)[number];

/** Who moves the project: the pipeline (start, retry, finish) or its owner through `PUT`. */
export type TransitionActor = 'pipeline' | 'owner';

const graph: Record<ProjectStatus, Record<TransitionActor, readonly ProjectStatus[]>> = {
  draft: { pipeline: ['generating'], owner: [] },
  generating: { pipeline: ['ready', 'failed'], owner: [] },
  ready: { pipeline: ['generating'], owner: ['published'] },
  failed: { pipeline: ['generating'], owner: [] },
  // Learners may be enrolled in a published course: regenerating it would change what they
  // see, so it is final here; its pathway is managed in the catalog from then on.
  published: { pipeline: [], owner: [] },
};

/** The statuses `actor` may move a project to from `from`. */
export function allowedTransitions(from: ProjectStatus, actor: TransitionActor): ProjectStatus[] {
  return [...graph[from][actor]];
}

export function canTransition(
  from: ProjectStatus,
  to: ProjectStatus,
  actor: TransitionActor,
): boolean {
  return graph[from][actor].includes(to);
}

/**
 * Checks a status change; staying where one is, is no change and always allowed. A refusal is a
 * 409 whose message and `details` name the transitions that are allowed from here.
 */
export function assertTransition(
  from: ProjectStatus,
  to: ProjectStatus,
  actor: TransitionActor,
): void {
  if (from === to || canTransition(from, to, actor)) return;
  const allowed = allowedTransitions(from, actor);
  const list = allowed.length > 0 ? allowed.join(', ') : 'none';
  const reason =
    to === 'generating' && actor === 'owner'
      ? 'status generating is set by starting a generation, not by hand'
      : `a project cannot go from ${from} to ${to}`;
  throw failedPrecondition(`Invalid status change: ${reason}; allowed from ${from}: ${list}`, [
    { path: 'status', message: `allowed transitions from ${from}: ${list}` },
  ]);
}
