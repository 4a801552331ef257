import type { CatalogRepository } from '../catalog/repository';
import { catalogOutline, plannerPathway } from './catalog-view';
import type { CatalogPathway } from './path-planner';
import type { CatalogOutline } from './recommendations';
import type { OutlineSource } from './refold';

/** The most pathways a learning path is planned over (one query, paged by 100). */
const PLANNER_CATALOG_LIMIT = 1000;

/** The catalog as the learner model reads it, through the catalog's own repository. */
export class LearnerCatalog implements OutlineSource {
  constructor(private readonly catalog: CatalogRepository) {}

  async outlines(pathwayIds: readonly string[]): Promise<CatalogOutline[]> {
    const docs = await this.catalog.pathways(pathwayIds);
    return docs.flatMap((doc, i) => (doc ? [catalogOutline(pathwayIds[i] as string, doc)] : []));
  }

  /** Published, tagged pathways: what a learning path may contain, with their outlines. */
  async plannable(): Promise<{ pathways: CatalogPathway[]; outlines: CatalogOutline[] }> {
    const pathways: CatalogPathway[] = [];
    const outlines: CatalogOutline[] = [];
    let after: string | undefined;
    while (pathways.length < PLANNER_CATALOG_LIMIT) {
      const page = await this.catalog.pathwayPage({ kind: 'published' }, 100, after);
      for (const { id, doc } of page.slice(0, 100)) {
        const planned = plannerPathway(id, doc);
        if (!planned) continue;
        pathways.push(planned);
        outlines.push(catalogOutline(id, doc));
      }
      if (page.length <= 100) break;
      after = page[99]?.id;
    }
    return { pathways, outlines };
  }
}
