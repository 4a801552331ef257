import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import {
  applyRulesUpdate,
  rulesOf,
  type CertificateRules,
  type UpdateCertificateRules,
} from '../certificates/rules';
import { alreadyExists, failedPrecondition, fromZod, notFound, permissionDenied } from '../errors';
import { slugId } from '../ids';
import type { PathwayArchiver } from '../archives/pathway-archiver';
import type { RequestContext, ResponseOf } from '../use-case';
import { canEdit, canView } from './access';
import { newDraftPathway } from './new-pathway';
import { allResourceIds } from './outline';
import type { PathwayWriter } from './pathway-writer';
import type { CatalogRepository } from './repository';
import { pathwayRefs, type SkillTagCheck } from './skill-tags';
import type {
  CreatePathwaySchema,
  DeletedPathwaySchema,
  PathwayDetailSchema,
  UpdatePathwaySchema,
} from './schemas';
import { pathwayDetail } from './views';

type PathwayParams = { pathway_id: string };
type NoInput = Record<string, never>;
type Detail = Promise<ResponseOf<typeof PathwayDetailSchema>>;

/** Instructors and admins create, edit, publish, archive and delete pathways. */
export class PathwayWrites {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly writer: PathwayWriter,
    private readonly archiver: PathwayArchiver,
    /** Without it (tools that import trusted drafts), tags are checked for shape only. */
    private readonly skills?: SkillTagCheck,
  ) {}

  async create(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof CreatePathwaySchema>,
    _ctx: RequestContext,
  ): Detail {
    if (!hasRole(caller, 'instructor'))
      throw permissionDenied('Only instructors and admins create pathways');
    const id = input.id ?? slugId(input.title, 'pathway');
    await this.skills?.check(pathwayRefs(input.learning));
    const now = Timestamp.now();
    const doc = newDraftPathway(
      {
        title: input.title,
        description: input.description ?? null,
        difficulty: input.difficulty ?? input.learning?.difficulty ?? null,
        ...(input.learning ? { learning: input.learning } : {}),
      },
      caller.uid,
      now,
    );
    if (!(await this.repo.createPathway(id, doc)))
      throw alreadyExists(`Pathway ${id} already exists`);
    return pathwayDetail(id, doc);
  }

  async update(
    caller: Caller,
    params: PathwayParams,
    input: z.output<typeof UpdatePathwaySchema>,
    ctx: RequestContext,
  ): Detail {
    const pathwayId = params.pathway_id;
    await this.skills?.check(pathwayRefs(input.learning));
    return this.writer.write(caller, pathwayId, ctx, async () => ({
      pathwayUpdate: {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.difficulty !== undefined ? { difficulty: input.difficulty } : {}),
        ...(input.learning !== undefined ? { learning: input.learning } : {}),
      },
      result: (p) => pathwayDetail(pathwayId, p),
    }));
  }

  publish(caller: Caller, params: PathwayParams, _input: NoInput, ctx: RequestContext): Detail {
    const pathwayId = params.pathway_id;
    return this.writer.write(caller, pathwayId, ctx, async (_tx, pathway, now) => {
      if (allResourceIds(pathway.outline).length === 0) {
        throw failedPrecondition('A pathway needs at least one resource before it is published');
      }
      return {
        pathwayUpdate: {
          status: 'published',
          published_at: pathway.published_at ?? now,
          archived_at: null,
        },
        result: (p) => pathwayDetail(pathwayId, p),
      };
    });
  }

  /** Replaces the certificate rules; omitted rules take their defaults. */
  replaceCertificateRules(
    caller: Caller,
    params: PathwayParams,
    input: CertificateRules,
    ctx: RequestContext,
  ): Detail {
    const pathwayId = params.pathway_id;
    return this.writer.write(caller, pathwayId, ctx, async () => ({
      pathwayUpdate: { certificate_rules: input },
      result: (p) => pathwayDetail(pathwayId, p),
    }));
  }

  /** Changes the rules given and keeps the others; the result must still certify something. */
  updateCertificateRules(
    caller: Caller,
    params: PathwayParams,
    input: UpdateCertificateRules,
    ctx: RequestContext,
  ): Detail {
    const pathwayId = params.pathway_id;
    return this.writer.write(caller, pathwayId, ctx, async (_tx, pathway) => {
      const merged = applyRulesUpdate(rulesOf(pathway), input);
      if (!merged.success) throw fromZod(merged.error);
      return {
        pathwayUpdate: { certificate_rules: merged.data },
        result: (p) => pathwayDetail(pathwayId, p),
      };
    });
  }

  archive(caller: Caller, params: PathwayParams, _input: NoInput, ctx: RequestContext): Detail {
    const pathwayId = params.pathway_id;
    return this.writer.write(caller, pathwayId, ctx, async (_tx, _pathway, now) => ({
      pathwayUpdate: { status: 'archived', archived_at: now },
      result: (p) => pathwayDetail(pathwayId, p),
    }));
  }

  /**
   * Deletes the pathway with its modules, resources and answer keys in one transaction, which
   * also writes its archive; its enrollments and submissions are then marked archived with it.
   * Deleting a pathway whose archiving stopped half-way finishes it.
   */
  async delete(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeletedPathwaySchema>> {
    const pathwayId = params.pathway_id;
    const deleted = await this.repo.runTransaction(async (tx) => {
      const pathway = await tx.pathway(pathwayId);
      if (!pathway) return null;
      if (!canView(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
      if (!canEdit(caller, pathway))
        throw permissionDenied('Only the pathway owner or an admin may delete it');
      const [modules, resources, keys] = await Promise.all([
        tx.children('modules', 'pathway_id', pathwayId),
        tx.children('resources', 'pathway_id', pathwayId),
        tx.children('quizKeys', 'pathway_id', pathwayId),
      ]);
      for (const id of modules) tx.delete('module', id);
      for (const id of resources) tx.delete('resource', id);
      for (const id of keys) tx.delete('quizKey', id);
      tx.delete('pathway', pathwayId);
      this.archiver.record(
        tx.tx,
        {
          pathwayId,
          title: pathway.title,
          ownerUid: pathway.owner_uid,
          outline: pathway.outline,
          outlineVersion: pathway.outline_version,
          deletedModules: modules.length,
          deletedResources: resources.length,
        },
        caller.uid,
        Timestamp.now(),
      );
      return true;
    });
    const archive = await this.archiver.archive(pathwayId);
    // Gone without an archive (never existed), or archived by someone this caller may not act for.
    if (!archive || (!deleted && archive.deleted_by !== caller.uid && !hasRole(caller, 'admin')))
      throw notFound(`Pathway ${pathwayId}`);
    const counts =
      archive.state === 'archived' && archive.enrollments !== null && archive.submissions !== null
        ? { enrollments: archive.enrollments, submissions: archive.submissions }
        : await this.archiver.markDependents(archive);
    return {
      pathway_id: pathwayId,
      deleted: true as const,
      deleted_modules: archive.deleted_modules,
      deleted_resources: archive.deleted_resources,
      archived_enrollments: counts.enrollments,
      archived_submissions: counts.submissions,
    };
  }
}
