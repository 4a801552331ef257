import {
  FieldPath,
  Filter,
  type DocumentReference,
  type Firestore,
  type Query,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { assertDocumentFits } from '../platform/document-size';
import { GrpcStatus, hasCode } from '../platform/grpc';
import {
  CatalogCollections,
  type ModuleDoc,
  type PathwayDoc,
  type CatalogContent,
  type QuizKeyDoc,
  type ResourceDoc,
} from './model';
import type { PathwayStatus } from './schemas';

const MAX_CACHED_RESOURCES = 20_000;

/** Which pathways a listing covers; the access rules in `reads.ts` choose it. */
export type PathwayFilter =
  | { kind: 'all'; status?: PathwayStatus }
  | { kind: 'published' }
  | { kind: 'owned'; owner: string; status: PathwayStatus }
  | { kind: 'published-or-owned'; owner: string };

/**
 * The only code that touches the catalog's collections, with every document read and write
 * counted. A resource's pathway never changes, so that mapping is cached per instance;
 * everything else is read fresh.
 */
export class CatalogRepository {
  private readonly pathwayOfResource = new Map<string, string>();

  constructor(readonly firestore: Firestore) {}

  pathwayRef(id: string): DocumentReference {
    return this.firestore.collection(CatalogCollections.pathways).doc(id);
  }
  moduleRef(id: string): DocumentReference {
    return this.firestore.collection(CatalogCollections.modules).doc(id);
  }
  resourceRef(id: string): DocumentReference {
    return this.firestore.collection(CatalogCollections.resources).doc(id);
  }
  quizKeyRef(id: string): DocumentReference {
    return this.firestore.collection(CatalogCollections.quizKeys).doc(id);
  }

  async pathway(id: string): Promise<PathwayDoc | undefined> {
    countReads();
    return (await this.pathwayRef(id).get()).data() as PathwayDoc | undefined;
  }

  /** The pathway as a transaction sees it: the commit fails if it changes meanwhile. */
  async txPathway(tx: Transaction, id: string): Promise<PathwayDoc | undefined> {
    countReads();
    return (await tx.get(this.pathwayRef(id))).data() as PathwayDoc | undefined;
  }

  /** Several pathways in one round trip, in the order asked. */
  async pathways(ids: readonly string[]): Promise<(PathwayDoc | undefined)[]> {
    if (ids.length === 0) return [];
    countReads(ids.length);
    const snaps = await this.firestore.getAll(...ids.map((id) => this.pathwayRef(id)));
    return snaps.map((s) => s.data() as PathwayDoc | undefined);
  }

  async module(id: string): Promise<ModuleDoc | undefined> {
    countReads();
    return (await this.moduleRef(id).get()).data() as ModuleDoc | undefined;
  }

  async resource(id: string): Promise<ResourceDoc | undefined> {
    countReads();
    const doc = (await this.resourceRef(id).get()).data() as ResourceDoc | undefined;
    if (doc) this.remember(id, doc.pathway_id);
    return doc;
  }

  /** Several resources in one round trip, by id; missing ones are absent from the map. */
  async resources(ids: readonly string[]): Promise<Map<string, ResourceDoc>> {
    if (ids.length === 0) return new Map();
    countReads(ids.length);
    const snaps = await this.firestore.getAll(...ids.map((id) => this.resourceRef(id)));
    return new Map(snaps.filter((s) => s.exists).map((s) => [s.id, s.data() as ResourceDoc]));
  }

  async resourcesOfPathway(pathwayId: string): Promise<Map<string, ResourceDoc>> {
    const snap = await this.firestore
      .collection(CatalogCollections.resources)
      .where('pathway_id', '==', pathwayId)
      .get();
    countReads(Math.max(1, snap.size));
    return new Map(snap.docs.map((d) => [d.id, d.data() as ResourceDoc]));
  }

  /** Notes which pathway a resource belongs to (a resource never changes pathway). */
  remember(resourceId: string, pathwayId: string): void {
    if (this.pathwayOfResource.size >= MAX_CACHED_RESOURCES) this.pathwayOfResource.clear();
    this.pathwayOfResource.set(resourceId, pathwayId);
  }

  /** The pathway a resource belongs to; `fresh` skips the cache (after a miss in the outline). */
  async pathwayIdOfResource(resourceId: string, fresh = false): Promise<string | undefined> {
    if (!fresh) {
      const cached = this.pathwayOfResource.get(resourceId);
      if (cached) return cached;
    }
    return (await this.resource(resourceId))?.pathway_id;
  }

  async quizKey(resourceId: string): Promise<QuizKeyDoc | undefined> {
    countReads();
    return (await this.quizKeyRef(resourceId).get()).data() as QuizKeyDoc | undefined;
  }

  /** A page of pathways in id order, after `afterId`; one more than `limit` tells if more follow. */
  async pathwayPage(
    filter: PathwayFilter,
    limit: number,
    afterId: string | undefined,
  ): Promise<{ id: string; doc: PathwayDoc }[]> {
    const collection = this.firestore.collection(CatalogCollections.pathways);
    let q: Query;
    switch (filter.kind) {
      case 'all':
        q = filter.status ? collection.where('status', '==', filter.status) : collection;
        break;
      case 'published':
        q = collection.where('status', '==', 'published');
        break;
      case 'owned':
        q = collection.where('owner_uid', '==', filter.owner).where('status', '==', filter.status);
        break;
      case 'published-or-owned':
        q = collection.where(
          Filter.or(
            Filter.where('status', '==', 'published'),
            Filter.where('owner_uid', '==', filter.owner),
          ),
        );
        break;
    }
    q = q.orderBy(FieldPath.documentId());
    if (afterId !== undefined) q = q.startAfter(afterId);
    const snap = await q.limit(limit + 1).get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as PathwayDoc }));
  }

  /** Pathways a user owns or is listed on as staff. */
  async staffedPathwayIds(uid: string): Promise<string[]> {
    const pathways = this.firestore.collection(CatalogCollections.pathways);
    const [owned, listed] = await Promise.all([
      pathways.where('owner_uid', '==', uid).select().get(),
      pathways.where('staff_uids', 'array-contains', uid).select().get(),
    ]);
    countReads(Math.max(1, owned.size) + Math.max(1, listed.size));
    return [...new Set([...owned.docs, ...listed.docs].map((d) => d.id))].sort();
  }

  /** Creates a pathway; false when the id is taken. */
  async createPathway(id: string, doc: PathwayDoc): Promise<boolean> {
    countWrites();
    try {
      await this.pathwayRef(id).create(doc);
      return true;
    } catch (error) {
      if (hasCode(error, GrpcStatus.ALREADY_EXISTS)) return false;
      throw error;
    }
  }

  /** Several resources inside another feature's transaction; missing ones are absent. */
  async txResources(tx: Transaction, ids: readonly string[]): Promise<Map<string, ResourceDoc>> {
    if (ids.length === 0) return new Map();
    countReads(ids.length);
    const snaps = await tx.getAll(...ids.map((id) => this.resourceRef(id)));
    return new Map(snaps.filter((s) => s.exists).map((s) => [s.id, s.data() as ResourceDoc]));
  }

  /** Content documents in batches, outside any transaction: more than one commit may carry. */
  async writeContent({ modules, resources, quizKeys }: CatalogContent): Promise<void> {
    const writes = [
      ...modules.map(({ id, doc }) => ['The module', this.moduleRef(id), doc] as const),
      ...resources.map(({ id, doc }) => ['The resource', this.resourceRef(id), doc] as const),
      ...quizKeys.map(({ id, doc }) => ['The answer key', this.quizKeyRef(id), doc] as const),
    ];
    for (const [what, ref, doc] of writes) assertDocumentFits(what, ref.path, { ...doc });
    const writer = this.firestore.bulkWriter();
    // Handled from the start, so a write that fails for good rejects here, after the rest ran.
    const done = Promise.all(writes.map(([, ref, doc]) => writer.set(ref, doc)));
    countWrites(writes.length);
    await writer.close();
    await done;
  }

  runTransaction<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T> {
    return this.firestore.runTransaction((tx) => work(new CatalogTransaction(this, tx)));
  }
}

/** Catalog reads and writes inside one Firestore transaction. */
export class CatalogTransaction {
  constructor(
    private readonly repo: CatalogRepository,
    /** For staging outbox events in the same commit. */
    readonly tx: Transaction,
  ) {}

  private async read<T>(ref: DocumentReference): Promise<T | undefined> {
    countReads();
    return (await this.tx.get(ref)).data() as T | undefined;
  }

  pathway(id: string): Promise<PathwayDoc | undefined> {
    return this.read(this.repo.pathwayRef(id));
  }
  module(id: string): Promise<ModuleDoc | undefined> {
    return this.read(this.repo.moduleRef(id));
  }
  resource(id: string): Promise<ResourceDoc | undefined> {
    return this.read(this.repo.resourceRef(id));
  }
  async exists(kind: 'module' | 'resource', id: string): Promise<boolean> {
    countReads();
    const ref = kind === 'module' ? this.repo.moduleRef(id) : this.repo.resourceRef(id);
    return (await this.tx.get(ref)).exists;
  }

  /** Every document of a collection that belongs to a pathway or module, for deletion. */
  async children(
    collection: 'modules' | 'resources' | 'quizKeys',
    field: 'pathway_id' | 'module_id',
    id: string,
  ): Promise<string[]> {
    const snap = await this.tx.get(
      this.repo.firestore.collection(CatalogCollections[collection]).where(field, '==', id),
    );
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.id);
  }

  setPathway(id: string, doc: PathwayDoc): void {
    const ref = this.repo.pathwayRef(id);
    assertDocumentFits('The pathway with this outline', ref.path, { ...doc });
    countWrites();
    this.tx.set(ref, doc);
  }
  createModule(id: string, doc: ModuleDoc): void {
    countWrites();
    this.tx.create(this.repo.moduleRef(id), doc);
  }
  setModule(id: string, doc: ModuleDoc): void {
    countWrites();
    this.tx.set(this.repo.moduleRef(id), doc);
  }
  createResource(id: string, doc: ResourceDoc): void {
    const ref = this.repo.resourceRef(id);
    assertDocumentFits('The resource', ref.path, { ...doc });
    countWrites();
    this.tx.create(ref, doc);
  }
  setResource(id: string, doc: ResourceDoc): void {
    const ref = this.repo.resourceRef(id);
    assertDocumentFits('The resource', ref.path, { ...doc });
    countWrites();
    this.tx.set(ref, doc);
  }
  setQuizKey(id: string, doc: QuizKeyDoc): void {
    const ref = this.repo.quizKeyRef(id);
    assertDocumentFits('The answer key', ref.path, { ...doc });
    countWrites();
    this.tx.set(ref, doc);
  }

  delete(kind: 'pathway' | 'module' | 'resource' | 'quizKey', id: string): void {
    countWrites();
    const refs = {
      pathway: this.repo.pathwayRef(id),
      module: this.repo.moduleRef(id),
      resource: this.repo.resourceRef(id),
      quizKey: this.repo.quizKeyRef(id),
    };
    this.tx.delete(refs[kind]);
  }
}
