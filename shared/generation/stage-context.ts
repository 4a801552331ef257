import type { Timestamp } from 'firebase-admin/firestore';
import { hasCode, GrpcStatus } from '../platform/grpc';
import type { GenerationRepository } from './repository';
import type { ProjectDoc, StageDoc } from './model';
import { advanceProgress, type StageId } from './plan';
import { crashPoint } from '../platform/faults';

/** The project was deleted while a stage ran: the stage stops without error (seed 002). */
export class ProjectGone extends Error {
  constructor(readonly courseId: string) {
    super(`Course ${courseId} was deleted`);
    this.name = 'ProjectGone';
  }
}

/** Progress writes closer together than this are merged: a stage with 2,000 units stays cheap. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * What a running stage works with: its project, checkpoint reads and writes, and a progress
 * reporter that only moves forward and notices when the project has been deleted.
 */
export class StageContext {
  private shown: number;
  private lastWrite = 0;
  computed = 0;
  reused = 0;

  constructor(
    readonly repo: GenerationRepository,
    readonly courseId: string,
    readonly runId: string,
    readonly stage: StageId,
    readonly project: ProjectDoc,
    record: StageDoc,
    readonly now: () => Timestamp,
  ) {
    this.shown = record.progress_percentage;
  }

  async progress(percent: number, step: string, force = false): Promise<void> {
    const next = advanceProgress(this.shown, percent);
    const due = Date.now() - this.lastWrite >= PROGRESS_INTERVAL_MS;
    if (!force && !due) return;
    this.shown = next;
    this.lastWrite = Date.now();
    try {
      await this.repo.stageRef(this.courseId, this.stage).update({
        progress_percentage: next,
        current_step: step,
        units_computed: this.computed,
        units_reused: this.reused,
      } satisfies Partial<StageDoc>);
    } catch (error) {
      if (hasCode(error, GrpcStatus.NOT_FOUND)) throw new ProjectGone(this.courseId);
      throw error;
    }
  }

  /** Throws ProjectGone when the project no longer exists (checked before lasting writes). */
  async ensureAlive(): Promise<void> {
    const project = await this.repo.project(this.courseId);
    if (!project || project.run_id !== this.runId) throw new ProjectGone(this.courseId);
  }

  /** Stores one computed unit as a checkpoint. */
  async storeUnit(hash: string, kind: string, result: unknown): Promise<void> {
    await this.repo.putUnit(this.courseId, hash, kind, result, this.now());
    this.computed += 1;
    crashPoint('generation.afterUnit', `${this.courseId}:${this.project.title}`);
  }

  /** Stores units that are copies rather than work (document texts) in one round of writes. */
  async storeCopies(units: { hash: string; kind: string; result: unknown }[]): Promise<void> {
    await this.repo.putUnits(this.courseId, units, this.now());
    this.computed += units.length;
  }

  async unit<T>(hash: string): Promise<T> {
    return (await this.unitsOf<T>([hash])).get(hash) as T;
  }

  /** Checkpoints this stage relies on; one that is missing means the project was deleted. */
  async unitsOf<T>(hashes: readonly string[]): Promise<Map<string, T>> {
    const found = await this.repo.units<T>(this.courseId, hashes);
    const missing = hashes.find((h) => !found.has(h));
    if (missing) {
      await this.ensureAlive();
      throw new Error(`Checkpoint ${missing} of ${this.courseId} is missing`);
    }
    return found;
  }

  existing(hashes: readonly string[]): Promise<Set<string>> {
    return this.repo.existingUnits(this.courseId, hashes);
  }

  /** The output unit of an earlier stage of this run. */
  async outputOf(stage: StageId): Promise<string> {
    const record = await this.repo.stage(this.courseId, stage);
    if (!record) throw new ProjectGone(this.courseId);
    if (record.status !== 'SUCCESS' || !record.output)
      throw new Error(`${stage} of run ${this.runId} has no output`);
    return record.output;
  }
}
