import type { z } from 'zod';
import type { Caller } from '../auth';
import { notFound } from '../errors';
import { cursorPage, decodeCursor, IdCursor } from '../http/pagination';
import type { RequestContext, ResponseOf } from '../use-case';
import { canEdit, type PathwayAccess } from './access';
import { locateModule, locateResource } from './outline';
import type { CatalogRepository, PathwayFilter } from './repository';
import type {
  ModuleResourcesSchema,
  PathwayDetailSchema,
  PathwayListQuerySchema,
  PathwayListSchema,
  PathwayResourcesSchema,
  ResourceDetailSchema,
} from './schemas';
import { pathwayDetail, pathwaySummary, resourceView } from './views';
import { isoRequired } from '../time';

type PathwayParams = { pathway_id: string };
type ModuleParams = { module_id: string };
type ResourceParams = { resource_id: string };
type NoInput = Record<string, never>;

/** Catalog reads: what each caller may see of pathways, modules and resources. */
export class CatalogReads {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly access: PathwayAccess,
  ) {}

  /** Learners see published pathways; instructors also their own; admins all. */
  private static listing(
    caller: Caller,
    status: z.output<typeof PathwayListQuerySchema>['status'],
  ): PathwayFilter | null {
    if (caller.role === 'admin') return { kind: 'all', ...(status ? { status } : {}) };
    if (caller.role === 'instructor') {
      if (status === 'published') return { kind: 'published' };
      if (status) return { kind: 'owned', owner: caller.uid, status };
      return { kind: 'published-or-owned', owner: caller.uid };
    }
    return status && status !== 'published' ? null : { kind: 'published' };
  }

  async listPathways(
    caller: Caller,
    _params: NoInput,
    query: z.output<typeof PathwayListQuerySchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayListSchema>> {
    const filter = CatalogReads.listing(caller, query.status);
    if (!filter) return { pathways: [], next_page_token: null };
    const after = query.page_token ? decodeCursor(query.page_token, IdCursor)[0] : undefined;
    const rows = await this.repo.pathwayPage(filter, query.limit, after);
    const page = cursorPage(rows, query.limit, (row) => [row.id]);
    return {
      pathways: page.items.map((row) => pathwaySummary(row.id, row.doc)),
      next_page_token: page.next_page_token,
    };
  }

  async getPathway(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayDetailSchema>> {
    return pathwayDetail(params.pathway_id, await this.access.visible(caller, params.pathway_id));
  }

  async getPathwayResources(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayResourcesSchema>> {
    const pathwayId = params.pathway_id;
    const [pathway, resources] = await Promise.all([
      this.access.visible(caller, pathwayId),
      this.repo.resourcesOfPathway(pathwayId),
    ]);
    return {
      pathway_id: pathwayId,
      modules: pathway.outline.modules.map((m, i) => ({
        module_id: m.module_id,
        title: m.title,
        order_index: i + 1,
        required_count: m.required_count,
        resources: m.resources.flatMap((r, j) => {
          const doc = resources.get(r.resource_id);
          return doc ? [resourceView(r.resource_id, doc, j + 1)] : [];
        }),
      })),
    };
  }

  async getModuleResources(
    caller: Caller,
    params: ModuleParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ModuleResourcesSchema>> {
    const moduleId = params.module_id;
    const module = await this.repo.module(moduleId);
    if (!module) throw notFound(`Module ${moduleId}`);
    const pathway = await this.access.visible(caller, module.pathway_id, `Module ${moduleId}`);
    const ids = (locateModule(pathway.outline, moduleId)?.module.resources ?? []).map(
      (r) => r.resource_id,
    );
    const docs = await this.repo.resources(ids);
    return {
      module_id: moduleId,
      resources: ids.flatMap((id, j) => {
        const doc = docs.get(id);
        return doc ? [resourceView(id, doc, j + 1)] : [];
      }),
    };
  }

  async getResource(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ResourceDetailSchema>> {
    const resourceId = params.resource_id;
    const resource = await this.repo.resource(resourceId);
    if (!resource) throw notFound(`Resource ${resourceId}`);
    const pathway = await this.access.visible(
      caller,
      resource.pathway_id,
      `Resource ${resourceId}`,
    );
    const index = locateResource(pathway.outline, resourceId)?.resourceIndex ?? 0;
    let answers: Record<string, number[]> = {};
    // Editors read back everything they wrote, so saving an edited quiz loses nothing.
    const editor = canEdit(caller, pathway);
    if (resource.quiz?.has_answer_key && editor) {
      answers = (await this.repo.quizKey(resourceId))?.answers ?? {};
    }
    return {
      ...resourceView(resourceId, resource, index + 1),
      pathway_id: resource.pathway_id,
      module_id: resource.module_id,
      ...(resource.quiz
        ? {
            questions: resource.quiz.questions.map((q) => ({
              id: q.id,
              prompt: q.prompt,
              options: q.options,
              ...(answers[q.id] ? { correct: answers[q.id] } : {}),
              ...(q.skills ? { skills: q.skills } : {}),
              ...(editor && q.difficulty !== undefined ? { difficulty: q.difficulty } : {}),
            })),
          }
        : {}),
      created_at: isoRequired(resource.created_at),
      updated_at: isoRequired(resource.updated_at),
    };
  }
}
