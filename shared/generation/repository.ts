import {
  type Timestamp,
  type CollectionReference,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import {
  GenerationCollections as C,
  type ProjectDoc,
  type SourceDoc,
  type StageDoc,
  type UnitDoc,
} from './model';
import { Stages, type StageId } from './plan';

/** Firestore's `getAll` takes at most this many references per call in practice. */
const READ_CHUNK = 300;
/** A string field holds at most 1 MiB of UTF-8; three bytes a character stays below it. */
const PART_CHARS = 300_000;
const partId = (hash: string, i: number) => `${hash}-part${i}`;

/** The only code that touches `courseProjects` and its subcollections. */
export class GenerationRepository {
  constructor(readonly firestore: Firestore) {}

  projectRef(id: string): DocumentReference {
    return this.firestore.collection(C.projects).doc(id);
  }
  private stages(id: string): CollectionReference {
    return this.projectRef(id).collection(C.stages);
  }
  stageRef(id: string, stage: StageId): DocumentReference {
    return this.stages(id).doc(stage);
  }
  private sources(id: string): CollectionReference {
    return this.projectRef(id).collection(C.sources);
  }
  unitRef(id: string, hash: string): DocumentReference {
    return this.projectRef(id).collection(C.units).doc(hash);
  }

  async project(id: string): Promise<ProjectDoc | undefined> {
    countReads();
    return (await this.projectRef(id).get()).data() as ProjectDoc | undefined;
  }

  async txProject(tx: Transaction, id: string): Promise<ProjectDoc | undefined> {
    countReads();
    return (await tx.get(this.projectRef(id))).data() as ProjectDoc | undefined;
  }

  async createProject(id: string, doc: ProjectDoc): Promise<void> {
    countWrites();
    await this.projectRef(id).create(doc);
  }

  /** A user's projects, newest first (seed 002's `ORDER BY created_at DESC`). */
  async projectsOf(uid: string, limit: number): Promise<{ id: string; doc: ProjectDoc }[]> {
    const snap = await this.firestore
      .collection(C.projects)
      .where('user_id', '==', uid)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => ({ id: d.id, doc: d.data() as ProjectDoc }));
  }

  /** Generations admitted and not yet finished, across the deployment. */
  async activeRuns(): Promise<number> {
    const snap = await this.firestore
      .collection(C.projects)
      .where('run_active', '==', true)
      .count()
      .get();
    countReads();
    return snap.data().count;
  }

  async stageDocs(id: string): Promise<Partial<Record<StageId, StageDoc>>> {
    const snaps = await this.firestore.getAll(...Stages.map((s) => this.stageRef(id, s)));
    countReads(snaps.length);
    return Object.fromEntries(
      snaps.filter((s) => s.exists).map((s) => [s.id, s.data() as StageDoc]),
    ) as Partial<Record<StageId, StageDoc>>;
  }

  async stage(id: string, stage: StageId): Promise<StageDoc | undefined> {
    countReads();
    return (await this.stageRef(id, stage).get()).data() as StageDoc | undefined;
  }

  async sourceDocs(id: string): Promise<SourceDoc[]> {
    const snap = await this.sources(id).orderBy('path').get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.data() as SourceDoc);
  }

  /** Sources are keyed by a hash of their path: sending a path again replaces that file. */
  async putSources(id: string, docs: { key: string; doc: SourceDoc }[]): Promise<void> {
    const writer = this.firestore.bulkWriter();
    for (const { key, doc } of docs) void writer.set(this.sources(id).doc(key), doc);
    countWrites(docs.length);
    await writer.close();
  }

  async deleteSource(id: string, key: string): Promise<boolean> {
    const ref = this.sources(id).doc(key);
    countReads();
    if (!(await ref.get()).exists) return false;
    countWrites();
    await ref.delete();
    return true;
  }

  /** Which of these checkpoints exist. */
  async existingUnits(id: string, hashes: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < hashes.length; i += READ_CHUNK) {
      const chunk = hashes.slice(i, i + READ_CHUNK);
      if (chunk.length === 0) continue;
      const snaps = await this.firestore.getAll(...chunk.map((h) => this.unitRef(id, h)), {
        fieldMask: ['kind'],
      });
      countReads(snaps.length);
      for (const s of snaps) if (s.exists) found.add(s.id);
    }
    return found;
  }

  /** The results of these checkpoints, by hash; a missing one is absent from the map. */
  async units<T>(id: string, hashes: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const chunk = unique.slice(i, i + READ_CHUNK);
      if (chunk.length === 0) continue;
      const snaps = await this.firestore.getAll(...chunk.map((h) => this.unitRef(id, h)));
      countReads(snaps.length);
      for (const s of snaps) {
        if (!s.exists) continue;
        const doc = s.data() as UnitDoc;
        const json = doc.parts ? await this.joinParts(id, s.id, doc.parts) : doc.json;
        out.set(s.id, JSON.parse(json) as T);
      }
    }
    return out;
  }

  private async joinParts(id: string, hash: string, parts: number): Promise<string> {
    const refs = Array.from({ length: parts }, (_, i) => this.unitRef(id, partId(hash, i)));
    const snaps = await this.firestore.getAll(...refs);
    countReads(snaps.length);
    return snaps.map((p) => (p.data() as UnitDoc | undefined)?.json ?? '').join('');
  }

  /**
   * Stores a checkpoint. A result too large for one document is split into part documents,
   * written before the unit's own document: a unit that exists is always complete.
   */
  async putUnit(
    id: string,
    hash: string,
    kind: string,
    result: unknown,
    now: Timestamp,
  ): Promise<void> {
    const json = JSON.stringify(result);
    if (json.length <= PART_CHARS) {
      countWrites();
      await this.unitRef(id, hash).set({ kind, json, created_at: now } satisfies UnitDoc);
      return;
    }
    const parts: string[] = [];
    for (let i = 0; i < json.length; i += PART_CHARS) parts.push(json.slice(i, i + PART_CHARS));
    const writer = this.firestore.bulkWriter();
    parts.forEach((part, i) => {
      const doc: UnitDoc = { kind: 'part', json: part, created_at: now };
      void writer.set(this.unitRef(id, partId(hash, i)), doc);
    });
    countWrites(parts.length + 1);
    await writer.close();
    const doc: UnitDoc = { kind, json: '', parts: parts.length, created_at: now };
    await this.unitRef(id, hash).set(doc);
  }

  /** Several small checkpoints in one round of writes (each must fit one document). */
  async putUnits(
    id: string,
    units: { hash: string; kind: string; result: unknown }[],
    now: Timestamp,
  ): Promise<void> {
    const writer = this.firestore.bulkWriter();
    for (const u of units) {
      const doc: UnitDoc = { kind: u.kind, json: JSON.stringify(u.result), created_at: now };
      if (doc.json.length > PART_CHARS) await this.putUnit(id, u.hash, u.kind, u.result, now);
      else void writer.set(this.unitRef(id, u.hash), doc);
    }
    countWrites(units.length);
    await writer.close();
  }

  async unitHashes(id: string): Promise<string[]> {
    const snap = await this.projectRef(id).collection(C.units).select().get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => d.id);
  }

  async deleteUnits(id: string, hashes: readonly string[]): Promise<void> {
    const writer = this.firestore.bulkWriter();
    for (const h of hashes) void writer.delete(this.unitRef(id, h));
    countWrites(hashes.length);
    await writer.close();
  }

  runTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.firestore.runTransaction(work);
  }

  /** The project with every stage record, source and checkpoint below it. */
  async deleteProject(id: string): Promise<void> {
    countWrites();
    await this.firestore.recursiveDelete(this.projectRef(id));
  }
}
