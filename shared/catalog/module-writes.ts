import type { z } from 'zod';
import type { Caller } from '../auth';
import { alreadyExists, notFound } from '../errors';
import { slugId } from '../ids';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ModuleDoc, Outline } from './model';
import { insertAt, reorder, replaceModule } from './outline';
import type { PathwayWriter } from './pathway-writer';
import type { CatalogReads } from './reads';
import type { CatalogRepository, CatalogTransaction } from './repository';
import type {
  CreateModuleSchema,
  DeletedModuleSchema,
  ModuleResourcesSchema,
  ModuleViewSchema,
  PathwayDetailSchema,
  UpdateModuleSchema,
} from './schemas';
import { moduleView, pathwayDetail } from './views';

type PathwayParams = { pathway_id: string };
type ModuleParams = { module_id: string };
type NoInput = Record<string, never>;

/** Reads a module's pathway id; the pathway transaction then re-checks access. */
export async function pathwayOfModule(repo: CatalogRepository, moduleId: string): Promise<string> {
  const module = await repo.module(moduleId);
  if (!module) throw notFound(`Module ${moduleId}`);
  return module.pathway_id;
}

/** Inside a transaction: the module again, checked to still belong to the pathway. */
export async function moduleIn(
  tx: CatalogTransaction,
  pathwayId: string,
  moduleId: string,
): Promise<ModuleDoc> {
  const module = await tx.module(moduleId);
  if (!module || module.pathway_id !== pathwayId) throw notFound(`Module ${moduleId}`);
  return module;
}

/** Modules of a pathway: create, edit, delete, and the order of modules and of their resources. */
export class ModuleWrites {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly writer: PathwayWriter,
    private readonly reads: CatalogReads,
  ) {}

  create(
    caller: Caller,
    params: PathwayParams,
    input: z.output<typeof CreateModuleSchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ModuleViewSchema>> {
    const pathwayId = params.pathway_id;
    const id = input.id ?? slugId(input.title, 'module');
    return this.writer.write(caller, pathwayId, ctx, async (tx, pathway, now) => {
      if (await tx.exists('module', id)) throw alreadyExists(`Module ${id} already exists`);
      const doc: ModuleDoc = {
        pathway_id: pathwayId,
        title: input.title,
        description: input.description ?? null,
        required_count: input.required_count ?? null,
        created_at: now,
        updated_at: now,
      };
      tx.createModule(id, doc);
      const outline: Outline = {
        modules: insertAt(
          pathway.outline.modules,
          { module_id: id, title: doc.title, required_count: doc.required_count, resources: [] },
          input.position,
        ),
      };
      return {
        outline,
        change: 'module_added',
        result: (p) => moduleView(id, pathwayId, doc, p.outline),
      };
    });
  }

  async update(
    caller: Caller,
    params: ModuleParams,
    input: z.output<typeof UpdateModuleSchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ModuleViewSchema>> {
    const moduleId = params.module_id;
    const pathwayId = await pathwayOfModule(this.repo, moduleId);
    return this.writer.write(caller, pathwayId, ctx, async (tx, pathway, now) => {
      const module = await moduleIn(tx, pathwayId, moduleId);
      const doc: ModuleDoc = {
        ...module,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.required_count !== undefined ? { required_count: input.required_count } : {}),
        updated_at: now,
      };
      tx.setModule(moduleId, doc);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        title: doc.title,
        required_count: doc.required_count,
      }));
      return {
        outline,
        change: 'module_updated',
        result: (p) => moduleView(moduleId, pathwayId, doc, p.outline),
      };
    });
  }

  /** Deletes the module with its resources and their answer keys. */
  async delete(
    caller: Caller,
    params: ModuleParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeletedModuleSchema>> {
    const moduleId = params.module_id;
    const pathwayId = await pathwayOfModule(this.repo, moduleId);
    return this.writer.write(caller, pathwayId, ctx, async (tx, pathway) => {
      await moduleIn(tx, pathwayId, moduleId);
      const resources = await tx.children('resources', 'module_id', moduleId);
      for (const id of resources) {
        tx.delete('resource', id);
        tx.delete('quizKey', id);
      }
      tx.delete('module', moduleId);
      const outline: Outline = {
        modules: pathway.outline.modules.filter((m) => m.module_id !== moduleId),
      };
      return {
        outline,
        change: 'module_removed',
        result: () => ({
          module_id: moduleId,
          deleted: true as const,
          deleted_resources: resources.length,
        }),
      };
    });
  }

  reorderModules(
    caller: Caller,
    params: PathwayParams,
    input: { module_ids: string[] },
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayDetailSchema>> {
    const pathwayId = params.pathway_id;
    return this.writer.write(caller, pathwayId, ctx, async (_tx, pathway) => ({
      outline: {
        modules: reorder(
          pathway.outline.modules,
          input.module_ids,
          (m) => m.module_id,
          'module_ids',
        ),
      },
      change: 'modules_reordered',
      result: (p) => pathwayDetail(pathwayId, p),
    }));
  }

  async reorderResources(
    caller: Caller,
    params: ModuleParams,
    input: { resource_ids: string[] },
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ModuleResourcesSchema>> {
    const moduleId = params.module_id;
    const pathwayId = await pathwayOfModule(this.repo, moduleId);
    await this.writer.write(caller, pathwayId, ctx, async (tx, pathway) => {
      await moduleIn(tx, pathwayId, moduleId);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        resources: reorder(m.resources, input.resource_ids, (r) => r.resource_id, 'resource_ids'),
      }));
      return { outline, change: 'resources_reordered', result: () => undefined };
    });
    return this.reads.getModuleResources(caller, params, {}, ctx);
  }
}
