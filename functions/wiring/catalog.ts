import { ArchiveReads } from '../../shared/archives/reads';
import { PathwayArchiver } from '../../shared/archives/pathway-archiver';
import { ArchivesRepository } from '../../shared/archives/repository';
import { PathwayAccess } from '../../shared/catalog/access';
import { DraftImport } from '../../shared/catalog/draft-import';
import { PathwayCache } from '../../shared/catalog/pathway-cache';
import { ModuleWrites } from '../../shared/catalog/module-writes';
import { PathwayWriter } from '../../shared/catalog/pathway-writer';
import { PathwayWrites } from '../../shared/catalog/pathway-writes';
import { CatalogReads } from '../../shared/catalog/reads';
import { CatalogRepository } from '../../shared/catalog/repository';
import { ResourceWrites } from '../../shared/catalog/resource-writes';
import type { SkillTagCheck } from '../../shared/catalog/skill-tags';
import { PathwayStaff } from '../../shared/catalog/staff';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface CatalogServices {
  repository: CatalogRepository;
  access: PathwayAccess;
  /** This instance's pathways, for the progress request path (see `PathwayCache`). */
  pathwayCache: PathwayCache;
  reads: CatalogReads;
  pathways: PathwayWrites;
  modules: ModuleWrites;
  resources: ResourceWrites;
  staff: PathwayStaff;
  /** Deleted pathways' archives, for admins. */
  archives: ArchiveReads;
  /** Generated drafts (course projects) written as pathways. */
  drafts: DraftImport;
}

/** `skills`: the managed skills list that checks tags on pathways and resources (learner model). */
export function catalogServices(platform: Platform, skills?: () => SkillTagCheck): CatalogServices {
  const writer = once(
    () => new PathwayWriter(catalog.repository, platform.outbox, catalog.pathwayCache),
  );
  const archives = once(() => new ArchivesRepository(platform.clients.firestore));
  const catalog: CatalogServices = lazy<CatalogServices>({
    repository: () => new CatalogRepository(platform.clients.firestore),
    access: () => new PathwayAccess(catalog.repository, platform.config.reviewScope),
    pathwayCache: () => new PathwayCache(catalog.repository),
    reads: () => new CatalogReads(catalog.repository, catalog.access),
    pathways: () =>
      new PathwayWrites(catalog.repository, writer(), new PathwayArchiver(archives()), skills?.()),
    archives: () => new ArchiveReads(archives()),
    modules: () => new ModuleWrites(catalog.repository, writer(), catalog.reads),
    resources: () => new ResourceWrites(catalog.repository, writer(), catalog.reads, skills?.()),
    staff: () => new PathwayStaff(catalog.access, writer(), platform.directory),
    drafts: () => new DraftImport(catalog.repository, writer()),
  });
  return catalog;
}
