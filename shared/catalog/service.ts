import {
  FieldPath,
  Filter,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Query,
  type Transaction,
} from 'firebase-admin/firestore';
import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  notFound,
  permissionDenied,
} from '../errors';
import { Topic, type OutlineChangedEvent } from '../events';
import { DEFAULT_UPLOAD_MB } from '../file-types';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { randomSuffix, slugId } from '../ids';
import { log, LogEvent } from '../log';
import { db } from '../platform/firebase';
import { withKeyLock } from '../platform/key-lock';
import { flushEvents, stageEvents, type OutboxEvent } from '../platform/outbox';
import { iso, isoRequired } from '../time';
import {
  allResourceIds,
  emptyOutline,
  insertAt,
  locateModule,
  locateResource,
  outlineResource,
  outlineStats,
  reorder,
  replaceModule,
  withoutResource,
} from './outline';
import type {
  CreateModuleSchema,
  CreatePathwaySchema,
  CreateResourceInput,
  DeletedModuleSchema,
  DeletedPathwaySchema,
  DeletedResourceSchema,
  ModuleResourcesSchema,
  ModuleViewSchema,
  Outline,
  PathwayDetailSchema,
  PathwayListQuerySchema,
  PathwayListSchema,
  PathwayResourcesSchema,
  PathwayStatus,
  PathwaySummarySchema,
  QuizDoc,
  QuizInput,
  ResourceDetailSchema,
  ResourceType,
  ResourceView,
  UpdateModuleSchema,
  UpdatePathwaySchema,
  UpdateResourceInput,
} from './schemas';

export interface PathwayDoc {
  title: string;
  description: string | null;
  difficulty: 'beginner' | 'intermediate' | 'advanced' | null;
  status: PathwayStatus;
  owner_uid: string;
  outline: Outline;
  outline_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  archived_at: Timestamp | null;
}

export interface ModuleDoc {
  pathway_id: string;
  title: string;
  description: string | null;
  required_count: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResourceDoc {
  pathway_id: string;
  module_id: string;
  type: ResourceType;
  title: string;
  description: string | null;
  url: string | null;
  duration_minutes: number;
  required: boolean;
  requires_upload: boolean;
  accepted_file_types: string[] | null;
  max_file_size_mb: number | null;
  quiz: QuizDoc | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QuizKeyDoc {
  pathway_id: string;
  /** Correct option indexes per question id. */
  answers: Record<string, number[]>;
}

export const Collections = {
  pathways: 'pathways',
  modules: 'modules',
  resources: 'resources',
  quizKeys: 'quizKeys',
} as const;

/** Published pathways are for everyone; instructors also see their own; admins see all. */
export function canView(
  caller: Caller,
  pathway: Pick<PathwayDoc, 'status' | 'owner_uid'>,
): boolean {
  return pathway.status === 'published' || canEdit(caller, pathway);
}

export function canEdit(caller: Caller, pathway: Pick<PathwayDoc, 'owner_uid'>): boolean {
  return (
    caller.role === 'admin' || (caller.role === 'instructor' && pathway.owner_uid === caller.uid)
  );
}

type Output<S extends z.ZodType> = z.input<S>;

interface MutationOutcome<T> {
  /** The new outline, when the mutation changed modules or resources. */
  outline?: Outline;
  change?: string;
  pathwayUpdate?: Partial<PathwayDoc>;
  result: (pathway: PathwayDoc & { id: string }) => T;
}

export class CatalogService {
  constructor(private readonly firestore: Firestore) {}

  private pathwayRef(id: string): DocumentReference {
    return this.firestore.collection(Collections.pathways).doc(id);
  }
  private moduleRef(id: string): DocumentReference {
    return this.firestore.collection(Collections.modules).doc(id);
  }
  private resourceRef(id: string): DocumentReference {
    return this.firestore.collection(Collections.resources).doc(id);
  }
  private quizKeyRef(id: string): DocumentReference {
    return this.firestore.collection(Collections.quizKeys).doc(id);
  }

  // ------------------------------------------------------------------ views

  static summary(id: string, p: PathwayDoc): Output<typeof PathwaySummarySchema> {
    return {
      id,
      title: p.title,
      description: p.description,
      difficulty: p.difficulty,
      status: p.status,
      owner_uid: p.owner_uid,
      ...outlineStats(p.outline),
      outline_version: p.outline_version,
      published_at: iso(p.published_at),
      updated_at: isoRequired(p.updated_at),
    };
  }

  static detail(id: string, p: PathwayDoc): Output<typeof PathwayDetailSchema> {
    return {
      ...CatalogService.summary(id, p),
      created_at: isoRequired(p.created_at),
      archived_at: iso(p.archived_at),
      modules: p.outline.modules.map((m, i) => ({
        module_id: m.module_id,
        title: m.title,
        order_index: i + 1,
        required_count: m.required_count,
        resource_count: m.resources.length,
        duration_minutes: m.resources.reduce((sum, r) => sum + r.duration_minutes, 0),
      })),
    };
  }

  static resourceView(id: string, r: ResourceDoc, orderIndex: number): ResourceView {
    return {
      id,
      type: r.type,
      title: r.title,
      description: r.description,
      duration_minutes: r.duration_minutes,
      requires_upload: r.requires_upload,
      order_index: orderIndex,
      url: r.url,
      required: r.required,
      ...(r.requires_upload
        ? {
            accepted_file_types: r.accepted_file_types ?? [],
            max_file_size_mb: r.max_file_size_mb ?? DEFAULT_UPLOAD_MB,
          }
        : {}),
      ...(r.quiz
        ? {
            quiz: {
              passing_score: r.quiz.passing_score,
              policy: r.quiz.policy,
              max_attempts: r.quiz.max_attempts,
              question_count: r.quiz.questions.length,
              has_answer_key: r.quiz.has_answer_key,
            },
          }
        : {}),
    };
  }

  private static moduleView(
    id: string,
    pathwayId: string,
    doc: ModuleDoc,
    outline: Outline,
  ): Output<typeof ModuleViewSchema> {
    const located = locateModule(outline, id);
    const resources = located?.module.resources ?? [];
    return {
      module_id: id,
      pathway_id: pathwayId,
      title: doc.title,
      description: doc.description,
      order_index: (located?.index ?? 0) + 1,
      required_count: doc.required_count,
      resource_count: resources.length,
      duration_minutes: resources.reduce((sum, r) => sum + r.duration_minutes, 0),
    };
  }

  // ------------------------------------------------------------------ reads

  /** The pathway if the caller may see it; anything else is a 404, never a 403. */
  async visiblePathway(caller: Caller, pathwayId: string): Promise<PathwayDoc> {
    const snap = await this.pathwayRef(pathwayId).get();
    const pathway = snap.data() as PathwayDoc | undefined;
    if (!pathway || !canView(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
    return pathway;
  }

  async listPathways(
    caller: Caller,
    query: z.output<typeof PathwayListQuerySchema>,
  ): Promise<Output<typeof PathwayListSchema>> {
    const collection = this.firestore.collection(Collections.pathways);
    let q: Query;
    if (caller.role === 'admin') {
      q = query.status ? collection.where('status', '==', query.status) : collection;
    } else if (caller.role === 'instructor') {
      if (query.status === 'published') q = collection.where('status', '==', 'published');
      else if (query.status) {
        q = collection.where('owner_uid', '==', caller.uid).where('status', '==', query.status);
      } else {
        q = collection.where(
          Filter.or(
            Filter.where('status', '==', 'published'),
            Filter.where('owner_uid', '==', caller.uid),
          ),
        );
      }
    } else {
      if (query.status && query.status !== 'published')
        return { pathways: [], next_page_token: null };
      q = collection.where('status', '==', 'published');
    }
    q = q.orderBy(FieldPath.documentId());
    if (query.page_token) {
      const [after] = decodeCursor(query.page_token, 1);
      q = q.startAfter(String(after));
    }
    const snap = await q.limit(query.limit + 1).get();
    const docs = snap.docs.slice(0, query.limit);
    const last = docs[docs.length - 1];
    return {
      pathways: docs.map((d) => CatalogService.summary(d.id, d.data() as PathwayDoc)),
      next_page_token: snap.size > query.limit && last ? encodeCursor([last.id]) : null,
    };
  }

  async getPathway(caller: Caller, pathwayId: string): Promise<Output<typeof PathwayDetailSchema>> {
    return CatalogService.detail(pathwayId, await this.visiblePathway(caller, pathwayId));
  }

  private async resourcesOf(pathwayId: string): Promise<Map<string, ResourceDoc>> {
    const snap = await this.firestore
      .collection(Collections.resources)
      .where('pathway_id', '==', pathwayId)
      .get();
    return new Map(snap.docs.map((d) => [d.id, d.data() as ResourceDoc]));
  }

  async getPathwayResources(
    caller: Caller,
    pathwayId: string,
  ): Promise<Output<typeof PathwayResourcesSchema>> {
    const [pathway, resources] = await Promise.all([
      this.visiblePathway(caller, pathwayId),
      this.resourcesOf(pathwayId),
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
          return doc ? [CatalogService.resourceView(r.resource_id, doc, j + 1)] : [];
        }),
      })),
    };
  }

  async getModuleResources(
    caller: Caller,
    moduleId: string,
  ): Promise<Output<typeof ModuleResourcesSchema>> {
    const moduleSnap = await this.moduleRef(moduleId).get();
    const module = moduleSnap.data() as ModuleDoc | undefined;
    if (!module) throw notFound(`Module ${moduleId}`);
    const pathway = await this.visiblePathway(caller, module.pathway_id).catch(() => {
      throw notFound(`Module ${moduleId}`);
    });
    const entries = locateModule(pathway.outline, moduleId)?.module.resources ?? [];
    const refs = entries.map((r) => this.resourceRef(r.resource_id));
    const snaps = refs.length > 0 ? await this.firestore.getAll(...refs) : [];
    return {
      module_id: moduleId,
      resources: snaps.flatMap((s, j) =>
        s.exists ? [CatalogService.resourceView(s.id, s.data() as ResourceDoc, j + 1)] : [],
      ),
    };
  }

  async getResource(
    caller: Caller,
    resourceId: string,
  ): Promise<Output<typeof ResourceDetailSchema>> {
    const snap = await this.resourceRef(resourceId).get();
    const resource = snap.data() as ResourceDoc | undefined;
    if (!resource) throw notFound(`Resource ${resourceId}`);
    const pathway = await this.visiblePathway(caller, resource.pathway_id).catch(() => {
      throw notFound(`Resource ${resourceId}`);
    });
    const index = locateResource(pathway.outline, resourceId)?.resourceIndex ?? 0;
    let answers: Record<string, number[]> = {};
    if (resource.quiz?.has_answer_key && canEdit(caller, pathway)) {
      const key = await this.quizKeyRef(resourceId).get();
      answers = (key.data() as QuizKeyDoc | undefined)?.answers ?? {};
    }
    return {
      ...CatalogService.resourceView(resourceId, resource, index + 1),
      pathway_id: resource.pathway_id,
      module_id: resource.module_id,
      ...(resource.quiz
        ? {
            questions: resource.quiz.questions.map((q) => ({
              id: q.id,
              prompt: q.prompt,
              options: q.options,
              ...(answers[q.id] ? { correct: answers[q.id] } : {}),
            })),
          }
        : {}),
      created_at: isoRequired(resource.created_at),
      updated_at: isoRequired(resource.updated_at),
    };
  }

  // ------------------------------------------------------------------ writes

  /**
   * Runs one catalog mutation as a transaction on the pathway document: checks the caller may
   * edit, applies the change, rewrites the outline, bumps `outline_version` and stages the
   * `outline-changed` event in the same commit, then publishes it.
   */
  private async mutate<T>(
    caller: Caller,
    requestId: string,
    pathwayId: string,
    work: (tx: Transaction, pathway: PathwayDoc, now: Timestamp) => Promise<MutationOutcome<T>>,
  ): Promise<T> {
    const ref = this.pathwayRef(pathwayId);
    let events: OutboxEvent[] = [];
    const result = await withKeyLock(`pathway:${pathwayId}`, () =>
      this.firestore.runTransaction(async (tx) => {
        events = [];
        const snap = await tx.get(ref);
        const pathway = snap.data() as PathwayDoc | undefined;
        if (!pathway || !canView(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
        if (!canEdit(caller, pathway))
          throw permissionDenied('Only the pathway owner or an admin may change it');
        const now = Timestamp.now();
        const outcome = await work(tx, pathway, now);
        const next: PathwayDoc = { ...pathway, ...outcome.pathwayUpdate, updated_at: now };
        if (outcome.outline) {
          next.outline = outcome.outline;
          next.outline_version = pathway.outline_version + 1;
          const event: OutlineChangedEvent = {
            type: 'outline_changed',
            event_id: `outline-changed:${pathwayId}:${next.outline_version}`,
            pathway_id: pathwayId,
            outline_version: next.outline_version,
            change: outcome.change ?? 'outline_updated',
            request_id: requestId,
            event_time: now.toDate().toISOString(),
          };
          events.push({ id: event.event_id, topic: Topic.outlineChanged, data: event });
          stageEvents(tx, events);
        }
        tx.set(ref, next);
        return outcome.result({ ...next, id: pathwayId });
      }),
    );
    if (events.length > 0) {
      log.info(LogEvent.outlineChanged, 'Pathway outline changed', {
        pathway_id: pathwayId,
        outline_version: events[0]?.data.outline_version,
        change: events[0]?.data.change,
      });
      await flushEvents(events);
    }
    return result;
  }

  async createPathway(
    caller: Caller,
    input: z.output<typeof CreatePathwaySchema>,
  ): Promise<Output<typeof PathwayDetailSchema>> {
    if (!hasRole(caller, 'instructor'))
      throw permissionDenied('Only instructors and admins create pathways');
    const id = input.id ?? slugId(input.title, 'pathway');
    const ref = this.pathwayRef(id);
    const now = Timestamp.now();
    const doc: PathwayDoc = {
      title: input.title,
      description: input.description ?? null,
      difficulty: input.difficulty ?? null,
      status: 'draft',
      owner_uid: caller.uid,
      outline: emptyOutline(),
      outline_version: 1,
      created_at: now,
      updated_at: now,
      published_at: null,
      archived_at: null,
    };
    try {
      await ref.create(doc);
    } catch (error) {
      if ((error as { code?: number }).code === 6)
        throw alreadyExists(`Pathway ${id} already exists`);
      throw error;
    }
    return CatalogService.detail(id, doc);
  }

  async updatePathway(
    caller: Caller,
    requestId: string,
    pathwayId: string,
    input: z.output<typeof UpdatePathwaySchema>,
  ): Promise<Output<typeof PathwayDetailSchema>> {
    return this.mutate(caller, requestId, pathwayId, async () => ({
      pathwayUpdate: {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.difficulty !== undefined ? { difficulty: input.difficulty } : {}),
      },
      result: (p) => CatalogService.detail(pathwayId, p),
    }));
  }

  async publishPathway(
    caller: Caller,
    requestId: string,
    pathwayId: string,
  ): Promise<Output<typeof PathwayDetailSchema>> {
    return this.mutate(caller, requestId, pathwayId, async (_tx, pathway, now) => {
      if (allResourceIds(pathway.outline).length === 0) {
        throw failedPrecondition('A pathway needs at least one resource before it is published');
      }
      return {
        pathwayUpdate: {
          status: 'published',
          published_at: pathway.published_at ?? now,
          archived_at: null,
        },
        result: (p) => CatalogService.detail(pathwayId, p),
      };
    });
  }

  async archivePathway(
    caller: Caller,
    requestId: string,
    pathwayId: string,
  ): Promise<Output<typeof PathwayDetailSchema>> {
    return this.mutate(caller, requestId, pathwayId, async (_tx, _pathway, now) => ({
      pathwayUpdate: { status: 'archived', archived_at: now },
      result: (p) => CatalogService.detail(pathwayId, p),
    }));
  }

  async deletePathway(
    caller: Caller,
    pathwayId: string,
  ): Promise<Output<typeof DeletedPathwaySchema>> {
    const ref = this.pathwayRef(pathwayId);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const pathway = snap.data() as PathwayDoc | undefined;
      if (!pathway || !canView(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
      if (!canEdit(caller, pathway))
        throw permissionDenied('Only the pathway owner or an admin may delete it');
      const [modules, resources, keys] = await Promise.all([
        tx.get(this.firestore.collection(Collections.modules).where('pathway_id', '==', pathwayId)),
        tx.get(
          this.firestore.collection(Collections.resources).where('pathway_id', '==', pathwayId),
        ),
        tx.get(
          this.firestore.collection(Collections.quizKeys).where('pathway_id', '==', pathwayId),
        ),
      ]);
      for (const d of [...modules.docs, ...resources.docs, ...keys.docs]) tx.delete(d.ref);
      tx.delete(ref);
      return {
        pathway_id: pathwayId,
        deleted: true as const,
        deleted_modules: modules.size,
        deleted_resources: resources.size,
      };
    });
  }

  async createModule(
    caller: Caller,
    requestId: string,
    pathwayId: string,
    input: z.output<typeof CreateModuleSchema>,
  ): Promise<Output<typeof ModuleViewSchema>> {
    const id = input.id ?? slugId(input.title, 'module');
    const ref = this.moduleRef(id);
    return this.mutate(caller, requestId, pathwayId, async (tx, pathway, now) => {
      if ((await tx.get(ref)).exists) throw alreadyExists(`Module ${id} already exists`);
      const doc: ModuleDoc = {
        pathway_id: pathwayId,
        title: input.title,
        description: input.description ?? null,
        required_count: input.required_count ?? null,
        created_at: now,
        updated_at: now,
      };
      tx.create(ref, doc);
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
        result: (p) => CatalogService.moduleView(id, pathwayId, doc, p.outline),
      };
    });
  }

  /** Reads a module and its pathway id; the pathway transaction then re-checks access. */
  private async pathwayOfModule(moduleId: string): Promise<string> {
    const snap = await this.moduleRef(moduleId).get();
    const module = snap.data() as ModuleDoc | undefined;
    if (!module) throw notFound(`Module ${moduleId}`);
    return module.pathway_id;
  }

  private async pathwayOfResource(resourceId: string): Promise<string> {
    const snap = await this.resourceRef(resourceId).get();
    const resource = snap.data() as ResourceDoc | undefined;
    if (!resource) throw notFound(`Resource ${resourceId}`);
    return resource.pathway_id;
  }

  /** Inside a transaction: the module again, checked to still belong to the pathway. */
  private async moduleIn(tx: Transaction, pathwayId: string, moduleId: string): Promise<ModuleDoc> {
    const module = (await tx.get(this.moduleRef(moduleId))).data() as ModuleDoc | undefined;
    if (!module || module.pathway_id !== pathwayId) throw notFound(`Module ${moduleId}`);
    return module;
  }

  async updateModule(
    caller: Caller,
    requestId: string,
    moduleId: string,
    input: z.output<typeof UpdateModuleSchema>,
  ): Promise<Output<typeof ModuleViewSchema>> {
    const pathwayId = await this.pathwayOfModule(moduleId);
    return this.mutate(caller, requestId, pathwayId, async (tx, pathway, now) => {
      const module = await this.moduleIn(tx, pathwayId, moduleId);
      const doc: ModuleDoc = {
        ...module,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.required_count !== undefined ? { required_count: input.required_count } : {}),
        updated_at: now,
      };
      tx.set(this.moduleRef(moduleId), doc);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        title: doc.title,
        required_count: doc.required_count,
      }));
      return {
        outline,
        change: 'module_updated',
        result: (p) => CatalogService.moduleView(moduleId, pathwayId, doc, p.outline),
      };
    });
  }

  async deleteModule(
    caller: Caller,
    requestId: string,
    moduleId: string,
  ): Promise<Output<typeof DeletedModuleSchema>> {
    const pathwayId = await this.pathwayOfModule(moduleId);
    return this.mutate(caller, requestId, pathwayId, async (tx, pathway) => {
      await this.moduleIn(tx, pathwayId, moduleId);
      const resources = await tx.get(
        this.firestore.collection(Collections.resources).where('module_id', '==', moduleId),
      );
      for (const r of resources.docs) {
        tx.delete(r.ref);
        tx.delete(this.quizKeyRef(r.id));
      }
      tx.delete(this.moduleRef(moduleId));
      const outline: Outline = {
        modules: pathway.outline.modules.filter((m) => m.module_id !== moduleId),
      };
      return {
        outline,
        change: 'module_removed',
        result: () => ({
          module_id: moduleId,
          deleted: true as const,
          deleted_resources: resources.size,
        }),
      };
    });
  }

  async reorderModules(
    caller: Caller,
    requestId: string,
    pathwayId: string,
    moduleIds: string[],
  ): Promise<Output<typeof PathwayDetailSchema>> {
    return this.mutate(caller, requestId, pathwayId, async (_tx, pathway) => ({
      outline: {
        modules: reorder(pathway.outline.modules, moduleIds, (m) => m.module_id, 'module_ids'),
      },
      change: 'modules_reordered',
      result: (p) => CatalogService.detail(pathwayId, p),
    }));
  }

  async reorderResources(
    caller: Caller,
    requestId: string,
    moduleId: string,
    resourceIds: string[],
  ): Promise<Output<typeof ModuleResourcesSchema>> {
    const pathwayId = await this.pathwayOfModule(moduleId);
    await this.mutate(caller, requestId, pathwayId, async (tx, pathway) => {
      await this.moduleIn(tx, pathwayId, moduleId);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        resources: reorder(m.resources, resourceIds, (r) => r.resource_id, 'resource_ids'),
      }));
      return { outline, change: 'resources_reordered', result: () => undefined };
    });
    return this.getModuleResources(caller, moduleId);
  }

  private static checkResourceShape(
    type: ResourceType,
    settings: { requires_upload: boolean; accepted_file_types: string[] | null; quiz: unknown },
  ): void {
    if (settings.requires_upload && type !== 'exercise' && type !== 'project') {
      throw invalidArgument('Only exercises and projects take uploads', [
        { path: 'requires_upload', message: `A ${type} cannot require an upload` },
      ]);
    }
    if (settings.requires_upload && !settings.accepted_file_types?.length) {
      throw invalidArgument('An upload resource needs accepted_file_types', [
        { path: 'accepted_file_types', message: 'Required when requires_upload is true' },
      ]);
    }
    if (settings.quiz && type !== 'quiz') {
      throw invalidArgument('Only quiz resources hold a quiz', [
        { path: 'quiz', message: `A ${type} cannot hold a quiz` },
      ]);
    }
  }

  private static quizParts(
    pathwayId: string,
    quiz: QuizInput,
  ): { doc: QuizDoc; key: QuizKeyDoc | null } {
    const questions = quiz.questions.map((q, i) => ({ ...q, id: q.id ?? `q${i + 1}` }));
    const hasKey = questions.length > 0 && questions.every((q) => q.correct !== undefined);
    return {
      doc: {
        passing_score: quiz.passing_score,
        policy: quiz.policy,
        max_attempts: quiz.max_attempts,
        questions: questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options })),
        has_answer_key: hasKey,
      },
      key: hasKey
        ? {
            pathway_id: pathwayId,
            answers: Object.fromEntries(
              questions.map((q) => [q.id, [...(q.correct ?? [])].sort((a, b) => a - b)]),
            ),
          }
        : null,
    };
  }

  async createResource(
    caller: Caller,
    requestId: string,
    moduleId: string,
    input: CreateResourceInput,
  ): Promise<Output<typeof ResourceDetailSchema>> {
    const pathwayId = await this.pathwayOfModule(moduleId);
    const id = input.id ?? `${moduleId.slice(0, 48)}-${randomSuffix(6)}`;
    const ref = this.resourceRef(id);
    const requiresUpload = input.requires_upload ?? false;
    const quizInput =
      input.quiz ??
      (input.type === 'quiz'
        ? { passing_score: 70, policy: 'highest' as const, max_attempts: null, questions: [] }
        : undefined);
    CatalogService.checkResourceShape(input.type, {
      requires_upload: requiresUpload,
      accepted_file_types: input.accepted_file_types ?? null,
      quiz: input.quiz,
    });
    await this.mutate(caller, requestId, pathwayId, async (tx, pathway, now) => {
      await this.moduleIn(tx, pathwayId, moduleId);
      if ((await tx.get(ref)).exists) throw alreadyExists(`Resource ${id} already exists`);
      const quiz = quizInput ? CatalogService.quizParts(pathwayId, quizInput) : null;
      const doc: ResourceDoc = {
        pathway_id: pathwayId,
        module_id: moduleId,
        type: input.type,
        title: input.title,
        description: input.description ?? null,
        url: input.url ?? null,
        duration_minutes: input.duration_minutes,
        required: input.required,
        requires_upload: requiresUpload,
        accepted_file_types: requiresUpload ? [...new Set(input.accepted_file_types)] : null,
        max_file_size_mb: requiresUpload ? (input.max_file_size_mb ?? DEFAULT_UPLOAD_MB) : null,
        quiz: quiz?.doc ?? null,
        created_at: now,
        updated_at: now,
      };
      tx.create(ref, doc);
      if (quiz?.key) tx.set(this.quizKeyRef(id), quiz.key);
      const outline = replaceModule(pathway.outline, moduleId, (m) => ({
        ...m,
        resources: insertAt(m.resources, outlineResource({ id, ...doc }), input.position),
      }));
      return { outline, change: 'resource_added', result: () => undefined };
    });
    return this.getResource(caller, id);
  }

  async updateResource(
    caller: Caller,
    requestId: string,
    resourceId: string,
    input: UpdateResourceInput,
  ): Promise<Output<typeof ResourceDetailSchema>> {
    const pathwayId = await this.pathwayOfResource(resourceId);
    const ref = this.resourceRef(resourceId);
    await this.mutate(caller, requestId, pathwayId, async (tx, pathway, now) => {
      const current = (await tx.get(ref)).data() as ResourceDoc | undefined;
      if (!current || current.pathway_id !== pathwayId) throw notFound(`Resource ${resourceId}`);
      const targetModule = input.module_id ?? current.module_id;
      if (targetModule !== current.module_id) await this.moduleIn(tx, pathwayId, targetModule);

      const requiresUpload = input.requires_upload ?? current.requires_upload;
      const accepted = input.accepted_file_types ?? current.accepted_file_types;
      CatalogService.checkResourceShape(current.type, {
        requires_upload: requiresUpload,
        accepted_file_types: accepted,
        quiz: input.quiz,
      });
      const quiz = input.quiz ? CatalogService.quizParts(pathwayId, input.quiz) : undefined;
      const doc: ResourceDoc = {
        ...current,
        module_id: targetModule,
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
        updated_at: now,
      };
      tx.set(ref, doc);
      if (quiz) {
        if (quiz.key) tx.set(this.quizKeyRef(resourceId), quiz.key);
        else tx.delete(this.quizKeyRef(resourceId));
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
          (m) => ({
            ...m,
            resources: insertAt(m.resources, entry, input.position),
          }),
        );
      }
      const moved = location && location.module.module_id !== targetModule;
      return {
        outline,
        change: moved ? 'resource_moved' : 'resource_updated',
        result: () => undefined,
      };
    });
    return this.getResource(caller, resourceId);
  }

  async deleteResource(
    caller: Caller,
    requestId: string,
    resourceId: string,
  ): Promise<Output<typeof DeletedResourceSchema>> {
    const pathwayId = await this.pathwayOfResource(resourceId);
    return this.mutate(caller, requestId, pathwayId, async (tx, pathway) => {
      const current = (await tx.get(this.resourceRef(resourceId))).data() as
        ResourceDoc | undefined;
      if (!current || current.pathway_id !== pathwayId) throw notFound(`Resource ${resourceId}`);
      tx.delete(this.resourceRef(resourceId));
      tx.delete(this.quizKeyRef(resourceId));
      return {
        outline: withoutResource(pathway.outline, resourceId),
        change: 'resource_removed',
        result: () => ({ resource_id: resourceId, deleted: true as const }),
      };
    });
  }
}

let instance: CatalogService | undefined;
export function catalog(): CatalogService {
  instance ??= new CatalogService(db());
  return instance;
}
