import type { Caller } from '../auth';
import { notFound } from '../errors';
import type { PathwayDoc } from './model';
import type { CatalogRepository } from './repository';

/**
 * Who may see and change a pathway: one rule, used by the catalog, progress and review.
 * Published pathways are for everyone; instructors also see their own; admins see all.
 */
export function canView(
  caller: Caller,
  pathway: Pick<PathwayDoc, 'status' | 'owner_uid'>,
): boolean {
  return pathway.status === 'published' || canEdit(caller, pathway);
}

/** The pathway's owner (an instructor) or an admin edits it and reviews its submissions. */
export function canEdit(caller: Caller, pathway: Pick<PathwayDoc, 'owner_uid'>): boolean {
  return (
    caller.role === 'admin' || (caller.role === 'instructor' && pathway.owner_uid === caller.uid)
  );
}

export class PathwayAccess {
  constructor(private readonly repo: CatalogRepository) {}

  /**
   * The pathway if the caller may see it. Anything else is a 404 naming `what` (the thing the
   * caller asked for), never a 403: unpublished pathways do not exist for learners.
   */
  async visible(caller: Caller, pathwayId: string, what = `Pathway ${pathwayId}`) {
    const pathway = await this.repo.pathway(pathwayId);
    if (!pathway || !canView(caller, pathway)) throw notFound(what);
    return pathway;
  }

  /** Whether the caller edits (and so reviews) the pathway; false when it does not exist. */
  async editable(caller: Caller, pathwayId: string): Promise<boolean> {
    if (caller.role === 'admin') return true;
    if (caller.role !== 'instructor') return false;
    const pathway = await this.repo.pathway(pathwayId);
    return pathway !== undefined && canEdit(caller, pathway);
  }
}
