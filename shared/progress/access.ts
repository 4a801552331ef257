import type { Caller } from '../auth';
import { canView, isStaff } from '../catalog/access';
import type { PathwayDoc } from '../catalog/model';
import { locateResource, type ResourceLocation } from '../catalog/outline';
import type { PathwayCache } from '../catalog/pathway-cache';
import type { CatalogRepository } from '../catalog/repository';
import { invalidArgument, notFound } from '../errors';
import type { UserDirectory } from '../users/directory';
import type { ProgressRepository } from './repository';

export interface Located {
  pathwayId: string;
  pathway: PathwayDoc;
  location: ResourceLocation;
}

/** Finds a resource in the outline of a pathway the caller may see. */
export class ResourceLocator {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly pathways: PathwayCache,
  ) {}

  /**
   * The cached resource → pathway mapping is tried first; a resource missing from that pathway's
   * outline (moved, deleted, or newer than what we hold) is looked up once more, fresh. Unknown or
   * hidden: a 404. `cached` serves the pathway from this instance's cache: only for writes whose
   * transaction checks the outline (see `EnrollmentWriter`).
   */
  async locate(
    caller: Caller,
    resourceId: string,
    options: { cached?: boolean } = {},
  ): Promise<Located> {
    for (const fresh of [false, true]) {
      const pathwayId = await this.catalog.pathwayIdOfResource(resourceId, fresh);
      if (!pathwayId) break;
      const pathway =
        options.cached && !fresh
          ? await this.pathways.get(pathwayId)
          : await this.pathways.refresh(pathwayId);
      // A cached pathway that hides the resource may be older than its publication: ask again.
      if (!pathway || !canView(caller, pathway)) continue;
      const location = locateResource(pathway.outline, resourceId);
      if (location) return { pathwayId, pathway, location };
    }
    throw notFound(`Resource ${resourceId}`);
  }
}

/** A change someone makes to a learner's progress for them, and why (it is audited). */
export interface ActingFor {
  userId: string;
  actor: Caller;
  reason: string;
}

/**
 * Whose progress a call reads or changes (seed 001's `userId`). A learner's own, unless the
 * caller is an admin or on the pathway's staff and the learner exists and is enrolled in it;
 * for everyone else another learner's progress does not exist (404). Changes made for a learner
 * must say why.
 */
export class LearnerAccess {
  constructor(
    private readonly progress: ProgressRepository,
    private readonly directory: UserDirectory,
  ) {}

  async subject(
    caller: Caller,
    pathwayId: string,
    pathway: PathwayDoc,
    userId: string | undefined,
    change: { reason: string | undefined } | null,
  ): Promise<ActingFor | null> {
    if (userId === undefined || userId === caller.uid) return null;
    const hidden = notFound(`Progress of user ${userId} in ${pathwayId}`);
    if (!isStaff(caller, pathway)) throw hidden;
    const [enrollment, exists] = await Promise.all([
      this.progress.enrollment(userId, pathwayId),
      this.directory.exists(userId),
    ]);
    if (!enrollment || !exists) throw hidden;
    if (change && !change.reason) {
      throw invalidArgument('Say why you change a learner’s progress for them', [
        { path: 'reason', message: 'Required when userId is someone else' },
      ]);
    }
    return { userId, actor: caller, reason: change?.reason ?? '' };
  }
}
