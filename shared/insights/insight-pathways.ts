import type { Caller } from '../auth';
import { canEdit, staffRole } from '../catalog/access';
import type { PathwayDoc } from '../catalog/model';
import type { CatalogRepository } from '../catalog/repository';
import { afterId, cursorPage, type PageQuery } from '../http/pagination';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { InsightPathwaysSchema } from './schemas';

type Listed = { id: string; doc: PathwayDoc };

/**
 * The pathways whose insights the caller reads, in id order: an instructor's own and those they
 * co-teach (reviewers read the review queue, not insights), every pathway for an admin.
 */
export class InsightPathways {
  constructor(
    private readonly catalog: Pick<
      CatalogRepository,
      'pathwayPage' | 'staffedPathwayIds' | 'pathways'
    >,
  ) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: PageQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof InsightPathwaysSchema>> {
    const after = afterId(query.page_token);
    let rows: Listed[];
    if (caller.role === 'admin') {
      rows = await this.catalog.pathwayPage({ kind: 'all' }, query.limit, after);
    } else {
      // An instructor's staffed pathways are few: read them all, keep the ones they edit.
      const ids = (await this.catalog.staffedPathwayIds(caller.uid)).filter(
        (id) => after === undefined || id > after,
      );
      const docs = await this.catalog.pathways(ids);
      rows = ids.flatMap((id, i) => {
        const doc = docs[i];
        return doc && canEdit(caller, doc) ? [{ id, doc }] : [];
      });
    }
    const page = cursorPage(rows, query.limit, (last) => [last.id]);
    return {
      pathways: page.items.map(({ id, doc }) => ({
        id,
        title: doc.title,
        status: doc.status,
        role: caller.role === 'admin' ? 'admin' : (staffRole(caller, doc) ?? 'owner'),
      })),
      next_page_token: page.next_page_token,
    };
  }
}
