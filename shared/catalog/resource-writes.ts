import type { Caller } from '../auth';
import { alreadyExists, notFound } from '../errors';
import { DEFAULT_UPLOAD_MB } from '../file-types';
import { randomSuffix } from '../ids';
import type { RequestContext, ResponseOf } from '../use-case';
import type { Outline, ResourceDoc } from './model';
import { moduleIn, pathwayOfModule } from './module-writes';
import {
  insertAt,
  keyTaken,
  locateResource,
  outlineResource,
  replaceModule,
  withoutResource,
} from './outline';
import type { PathwayWriter } from './pathway-writer';
import type { CatalogReads } from './reads';
import type { CatalogRepository } from './repository';
import { resourceRefs, type SkillTagCheck } from './skill-tags';
import { checkResourceShape, DEFAULT_QUIZ, splitQuiz } from './resource-shape';
import type {
  CreateResourceInput,
  DeletedResourceSchema,
  ResourceDetailSchema,
  UpdateResourceInput,
} from './schemas';

type ModuleParams = { module_id: string };
type ResourceParams = { resource_id: string };
type NoInput = Record<string, never>;
type Detail = Promise<ResponseOf<typeof ResourceDetailSchema>>;

function checkKeyFree(outline: Outline, key: string, resourceId: string): void {
  if (keyTaken(outline, key, resourceId))
    throw alreadyExists(`Another resource of this pathway already has the key ${key}`);
}

async function pathwayOfResource(repo: CatalogRepository, resourceId: string): Promise<string> {
  const resource = await repo.resource(resourceId);
  if (!resource) throw notFound(`Resource ${resourceId}`);
  return resource.pathway_id;
}

/** Resources of a module: create, edit (including moving between modules), delete. */
export class ResourceWrites {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly writer: PathwayWriter,
    private readonly reads: CatalogReads,
    /** Without it (tools that import trusted drafts), tags are checked for shape only. */
    private readonly skills?: SkillTagCheck,
  ) {}

  async create(
    caller: Caller,
    params: ModuleParams,
    input: CreateResourceInput,
    ctx: RequestContext,
  ): Detail {
    const moduleId = params.module_id;
    const pathwayId = await pathwayOfModule(this.repo, moduleId);
    const id = input.id ?? `${moduleId.slice(0, 48)}-${randomSuffix(6)}`;
    const requiresUpload = input.requires_upload ?? false;
    const quizInput = input.quiz ?? (input.type === 'quiz' ? DEFAULT_QUIZ : undefined);
    checkResourceShape(input.type, {
      requires_upload: requiresUpload,
      accepted_file_types: input.accepted_file_types ?? null,
      quiz: input.quiz,
    });
    await this.skills?.check(resourceRefs(input));
    await this.writer.write(caller, pathwayId, ctx, async (tx, pathway, now) => {
      await moduleIn(tx, pathwayId, moduleId);
      if (await tx.exists('resource', id)) throw alreadyExists(`Resource ${id} already exists`);
      if (input.key) checkKeyFree(pathway.outline, input.key, id);
      const quiz = quizInput ? splitQuiz(pathwayId, quizInput) : null;
      const doc: ResourceDoc = {
        pathway_id: pathwayId,
        module_id: moduleId,
        type: input.type,
        key: input.key ?? null,
        title: input.title,
        description: input.description ?? null,
        url: input.url ?? null,
        duration_minutes: input.duration_minutes,
        required: input.required,
        requires_upload: requiresUpload,
        accepted_file_types: requiresUpload ? [...new Set(input.accepted_file_types)] : null,
        max_file_size_mb: requiresUpload ? (input.max_file_size_mb ?? DEFAULT_UPLOAD_MB) : null,
        quiz: quiz?.doc ?? null,
        ...(input.learning ? { learning: input.learning } : {}),
        created_at: now,
        updated_at: now,
      };
      tx.createResource(id, doc);
      if (quiz?.key) tx.setQuizKey(id, quiz.key);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        resources: insertAt(m.resources, outlineResource({ id, ...doc }), input.position),
      }));
      return { outline, change: 'resource_added', result: () => undefined };
    });
    return this.reads.getResource(caller, { resource_id: id }, {}, ctx);
  }

  async update(
    caller: Caller,
    params: ResourceParams,
    input: UpdateResourceInput,
    ctx: RequestContext,
  ): Detail {
    const resourceId = params.resource_id;
    const pathwayId = await pathwayOfResource(this.repo, resourceId);
    await this.skills?.check(resourceRefs(input));
    await this.writer.write(caller, pathwayId, ctx, async (tx, pathway, now) => {
      const current = await tx.resource(resourceId);
      if (!current || current.pathway_id !== pathwayId) throw notFound(`Resource ${resourceId}`);
      const targetModule = input.module_id ?? current.module_id;
      if (targetModule !== current.module_id) await moduleIn(tx, pathwayId, targetModule);

      const requiresUpload = input.requires_upload ?? current.requires_upload;
      const accepted = input.accepted_file_types ?? current.accepted_file_types;
      checkResourceShape(current.type, {
        requires_upload: requiresUpload,
        accepted_file_types: accepted,
        quiz: input.quiz,
      });
      const quiz = input.quiz ? splitQuiz(pathwayId, input.quiz) : undefined;
      if (input.key) checkKeyFree(pathway.outline, input.key, resourceId);
      const doc: ResourceDoc = {
        ...current,
        module_id: targetModule,
        ...(input.key !== undefined ? { key: input.key } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.duration_minutes !== undefined
          ? { duration_minutes: input.duration_minutes }
          : {}),
        ...(input.required !== undefined ? { required: input.required } : {}),
        requires_upload: requiresUpload,
        accepted_file_types: requiresUpload ? [...new Set(accepted ?? [])] : null,
        max_file_size_mb: requiresUpload
          ? (input.max_file_size_mb ?? current.max_file_size_mb ?? DEFAULT_UPLOAD_MB)
          : null,
        ...(quiz ? { quiz: quiz.doc } : {}),
        ...(input.learning !== undefined ? { learning: input.learning } : {}),
        updated_at: now,
      };
      tx.setResource(resourceId, doc);
      if (quiz) {
        if (quiz.key) tx.setQuizKey(resourceId, quiz.key);
        else tx.delete('quizKey', resourceId);
      }
      const location = locateResource(pathway.outline, resourceId);
      const entry = outlineResource({ id: resourceId, ...doc });
      let outline: Outline;
      if (targetModule === current.module_id && input.position === undefined) {
        outline = replaceModule(pathway.outline, targetModule, (m) => ({
          ...m,
          resources: m.resources.map((r) => (r.resource_id === resourceId ? entry : r)),
        }));
      } else {
        outline = replaceModule(
          withoutResource(pathway.outline, resourceId),
          targetModule,
          (m) => ({ ...m, resources: insertAt(m.resources, entry, input.position) }),
        );
      }
      const moved = location && location.module.module_id !== targetModule;
      return {
        outline,
        change: moved ? 'resource_moved' : 'resource_updated',
        result: () => undefined,
      };
    });
    return this.reads.getResource(caller, params, {}, ctx);
  }

  async delete(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeletedResourceSchema>> {
    const resourceId = params.resource_id;
    const pathwayId = await pathwayOfResource(this.repo, resourceId);
    return this.writer.write(caller, pathwayId, ctx, async (tx, pathway) => {
      const current = await tx.resource(resourceId);
      if (!current || current.pathway_id !== pathwayId) throw notFound(`Resource ${resourceId}`);
      tx.delete('resource', resourceId);
      tx.delete('quizKey', resourceId);
      return {
        outline: withoutResource(pathway.outline, resourceId),
        change: 'resource_removed',
        result: () => ({ resource_id: resourceId, deleted: true as const }),
      };
    });
  }
}
