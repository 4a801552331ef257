import { hasRole, type Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import type { PathwayDoc } from '../catalog/model';
import { locateResource, type ResourceLocation } from '../catalog/outline';
import type { CatalogRepository } from '../catalog/repository';
import { notFound, permissionDenied } from '../errors';

/** Learners act for themselves; instructors and admins may act for a learner (seed 001 `userId`). */
export function actingUser(caller: Caller, userId: string | undefined): string {
  if (userId === undefined || userId === caller.uid) return caller.uid;
  if (!hasRole(caller, 'instructor'))
    throw permissionDenied('You may only read or change your own progress');
  return userId;
}

export interface Located {
  pathwayId: string;
  pathway: PathwayDoc;
  location: ResourceLocation;
}

/** Finds a resource in the outline of a pathway the caller may see. */
export class ResourceLocator {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly access: PathwayAccess,
  ) {}

  /**
   * The cached resource → pathway mapping is tried first; a resource missing from that pathway's
   * outline (moved or deleted) is looked up once more, fresh. Unknown or hidden: a 404.
   */
  async locate(caller: Caller, resourceId: string): Promise<Located> {
    for (const fresh of [false, true]) {
      const pathwayId = await this.catalog.pathwayIdOfResource(resourceId, fresh);
      if (!pathwayId) break;
      const pathway = await this.access.visible(caller, pathwayId, `Resource ${resourceId}`);
      const location = locateResource(pathway.outline, resourceId);
      if (location) return { pathwayId, pathway, location };
    }
    throw notFound(`Resource ${resourceId}`);
  }
}
