import type { z } from 'zod';
import type { Caller } from '../auth';
import { notFound } from '../errors';
import { afterId, cursorPage } from '../http/pagination';
import type { PathwayParams } from '../schemas/params';
import { iso, isoRequired } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import type { PathwayArchiveDoc } from './model';
import type { ArchivesRepository } from './repository';
import type {
  ArchiveDetailQuerySchema,
  ArchiveDetailSchema,
  ArchiveListQuerySchema,
  ArchiveListSchema,
} from './schemas';

function summary(doc: PathwayArchiveDoc) {
  return {
    pathway_id: doc.pathway_id,
    title: doc.title,
    owner_uid: doc.owner_uid,
    deleted_at: isoRequired(doc.deleted_at),
    deleted_by: doc.deleted_by,
    deleted_modules: doc.deleted_modules,
    deleted_resources: doc.deleted_resources,
    state: doc.state,
    enrollments: doc.enrollments,
    submissions: doc.submissions,
    archived_at: iso(doc.archived_at),
  };
}

/** Admins see deleted pathways' archives and the enrollments and submissions kept with them. */
export class ArchiveReads {
  constructor(private readonly repo: ArchivesRepository) {}

  async list(
    _caller: Caller,
    _params: Record<string, never>,
    query: z.output<typeof ArchiveListQuerySchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ArchiveListSchema>> {
    const rows = await this.repo.page(query.limit, afterId(query.page_token));
    const page = cursorPage(rows, query.limit, (d) => [d.id]);
    return {
      archives: page.items.map((d) => summary(d.data() as PathwayArchiveDoc)),
      next_page_token: page.next_page_token,
    };
  }

  async detail(
    _caller: Caller,
    params: PathwayParams,
    query: z.output<typeof ArchiveDetailQuerySchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ArchiveDetailSchema>> {
    // A cursor it never issued is the caller's mistake whatever the pathway: checked first.
    const after = afterId(query.page_token);
    const archive = await this.repo.get(params.pathway_id);
    if (!archive) throw notFound(`Archive of pathway ${params.pathway_id}`);
    const rows = await this.repo.archived(query.records, params.pathway_id, query.limit, after);
    const page = cursorPage(rows, query.limit, (d) => [d.id]);
    return {
      ...summary(archive),
      records: query.records,
      items: page.items.map((d) => ({
        id: d.id,
        user_id: String(d.get('user_id')),
        pathway_progress: (d.get('pathway.pathway_progress') as number | undefined) ?? null,
        completed_at: iso(d.get('pathway.completed_at') as never),
        status: (d.get('status') as string | undefined) ?? null,
        file_name: (d.get('file_name') as string | undefined) ?? null,
      })),
      next_page_token: page.next_page_token,
    };
  }
}
