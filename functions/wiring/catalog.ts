import { PathwayAccess } from '../../shared/catalog/access';
import { ModuleWrites } from '../../shared/catalog/module-writes';
import { PathwayWriter } from '../../shared/catalog/pathway-writer';
import { PathwayWrites } from '../../shared/catalog/pathway-writes';
import { CatalogReads } from '../../shared/catalog/reads';
import { CatalogRepository } from '../../shared/catalog/repository';
import { ResourceWrites } from '../../shared/catalog/resource-writes';
import { PathwayStaff } from '../../shared/catalog/staff';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface CatalogServices {
  repository: CatalogRepository;
  access: PathwayAccess;
  reads: CatalogReads;
  pathways: PathwayWrites;
  modules: ModuleWrites;
  resources: ResourceWrites;
  staff: PathwayStaff;
}

export function catalogServices(platform: Platform): CatalogServices {
  const writer = once(() => new PathwayWriter(catalog.repository, platform.outbox));
  const catalog: CatalogServices = lazy<CatalogServices>({
    repository: () => new CatalogRepository(platform.clients.firestore),
    access: () => new PathwayAccess(catalog.repository, platform.config.reviewScope),
    reads: () => new CatalogReads(catalog.repository, catalog.access),
    pathways: () => new PathwayWrites(catalog.repository, writer()),
    modules: () => new ModuleWrites(catalog.repository, writer(), catalog.reads),
    resources: () => new ResourceWrites(catalog.repository, writer(), catalog.reads),
    staff: () => new PathwayStaff(catalog.access, writer(), platform.directory),
  });
  return catalog;
}
