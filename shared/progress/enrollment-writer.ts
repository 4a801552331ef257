import {
  FieldPath,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Transaction,
} from 'firebase-admin/firestore';
import type { AuditLog } from '../audit';
import { locateResource } from '../catalog/outline';
import type { PathwayDoc } from '../catalog/model';
import type { PathwayCache } from '../catalog/pathway-cache';
import type { CatalogRepository } from '../catalog/repository';
import { withKeyLock } from '../platform/key-lock';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import type { ActingFor } from './access';
import { changeEvent } from './events';
import type { EnrollmentDoc, ResourceState } from './model';
import type { ProgressRepository } from './repository';
import { progressChanges, rollup, type ProgressChange } from './rollup';
import { blankEnrollment } from './views';

export interface ChangeContext {
  tx: Transaction;
  /** The pathway the change is computed against: the caller's, or a newer one found on the way. */
  pathway: PathwayDoc;
  enrollment: EnrollmentDoc;
  ref: DocumentReference;
  now: Timestamp;
  /** The snapshots of the write's `alongside` documents, in their order. */
  alongside: DocumentSnapshot[];
}

/** What one progress write sets, decided inside the transaction from the stored enrollment. */
export interface EnrollmentChange {
  /** The resource states this change sets. */
  resourceStates: Record<string, ResourceState>;
  /** Other enrollment fields it sets (the reset history, the quiz attempt history). */
  patch?: Partial<Pick<EnrollmentDoc, 'resets' | 'quiz_history'>>;
  /** Events beyond the progress changes the rollup reveals, staged in the same commit. */
  events?: (next: EnrollmentDoc, now: Timestamp) => OutboxEvent[];
}

/**
 * The events a learner's own write reveals about one resource (views, the first start, progress,
 * time and playback position), for the learner model and analytics; staged in the same commit.
 * The composition root supplies the learner model's mapping, so progress does not depend on it.
 */
export type ActivityEvents = (change: {
  before: ResourceState | undefined;
  after: ResourceState;
  /** The enrollment as this write leaves it (its revision names the write). */
  enrollment: EnrollmentDoc;
  moduleId: string | null;
  resourceId: string;
  at: Timestamp;
}) => OutboxEvent[];

export interface EnrollmentWriteResult {
  enrollment: EnrollmentDoc;
  changes: ProgressChange[];
  created: boolean;
  /** False only for `onlyIfBehind` when the enrollment needed nothing: no commit was made. */
  written: boolean;
}

/** Raised inside a transaction when the enrollment is newer than the outline we hold. */
class StaleOutline extends Error {}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every progress write: one transaction on the learner's enrollment document. The change
 * returns the resource states it sets; rollups, the resume pointer, the revision and the
 * progress events follow from them. Only changed fields are written. Events are staged in the
 * same commit (outbox) and published after it.
 *
 * The pathway may come from this instance's cache: the transaction proves it current enough. An
 * existing enrollment records the outline version it was computed against, so a newer one means
 * our outline is stale (refresh, retry); an equal one means the enrollment and our outline agree,
 * and the recompute an outline change starts will carry this write forward like any other. A new
 * enrollment has no version to compare, so its first write reads the pathway in the transaction.
 */
export class EnrollmentWriter {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly pathways: PathwayCache,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly activity: ActivityEvents = () => [],
  ) {}

  async write(args: {
    userId: string;
    pathwayId: string;
    pathway: PathwayDoc;
    requestId: string;
    change: (ctx: ChangeContext) => Promise<EnrollmentChange> | EnrollmentChange;
    /**
     * Other documents the change reads, fetched in the enrollment's read: one round trip
     * instead of one more per read (the change finds them in `alongside`).
     */
    alongside?: readonly DocumentReference[];
    /** Start from nothing (reset): previous completion is forgotten. */
    replaceAll?: boolean;
    /** Someone else changes the learner's progress: audited in the same commit. */
    actingFor?: ActingFor & { what: string };
    /**
     * The learner did this themselves, now: what it did to each resource is learner activity.
     * Not for reviews, repairs, imports, resets or recomputes, which are not the learner's doing.
     */
    byLearner?: boolean;
    /**
     * An outline recompute: only brings an existing enrollment to `pathway`'s outline. When the
     * stored one is already computed against it (or a newer one), or is gone, nothing is written.
     * Decided inside the transaction, so recomputes of one version racing on one enrollment
     * write it once: a check before the transaction would let each of them through.
     */
    onlyIfBehind?: boolean;
  }): Promise<EnrollmentWriteResult> {
    const ref = this.repo.enrollmentRef(args.userId, args.pathwayId);
    let pathway = args.pathway;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await withKeyLock(ref.path, () =>
          this.repo.firestore.runTransaction(async (tx) => {
            const [stored, alongside] = await this.repo.txEnrollmentWith(
              tx,
              ref,
              args.alongside ?? [],
            );
            if (
              args.onlyIfBehind &&
              (!stored || stored.outline_version >= pathway.outline_version)
            ) {
              const unchanged = stored ?? blankEnrollment(args.userId, args.pathwayId, pathway);
              return { enrollment: unchanged, changes: [], created: false, written: false };
            }
            if (stored && stored.outline_version > pathway.outline_version)
              throw new StaleOutline();
            if (!stored) {
              const current = await this.catalog.txPathway(tx, args.pathwayId);
              if (current && current.outline_version > pathway.outline_version) {
                this.pathways.remember(args.pathwayId, current);
                pathway = current;
              }
            }
            const now = Timestamp.now();
            const base = stored ?? {
              ...blankEnrollment(args.userId, args.pathwayId, pathway),
              enrolled_at: now,
            };
            const change = await args.change({
              tx,
              pathway,
              enrollment: base,
              ref,
              now,
              alongside,
            });
            const set = change.resourceStates;
            const resources = args.replaceAll ? set : { ...base.resources, ...set };
            const rolled = rollup({
              outline: pathway.outline,
              outlineVersion: pathway.outline_version,
              resources,
              previous: args.replaceAll ? null : base,
              now,
            });
            const anyActivity = Object.keys(set).length > 0;
            const next: EnrollmentDoc = {
              ...base,
              ...change.patch,
              resources,
              modules: rolled.modules,
              pathway: rolled.pathway,
              resume: rolled.resume,
              outline_version: pathway.outline_version,
              revision: base.revision + 1,
              started_at: args.replaceAll ? null : (base.started_at ?? (anyActivity ? now : null)),
              last_accessed_at: anyActivity ? now : base.last_accessed_at,
              updated_at: now,
            };
            const changes = progressChanges(base, next);
            const events = [
              ...changes.map((c) => changeEvent(c, next, pathway, args.requestId, now)),
              ...(change.events?.(next, now) ?? []),
              ...(args.byLearner && !args.actingFor && !args.replaceAll
                ? this.activityOf(base, next, Object.keys(set), pathway, now)
                : []),
            ];
            if (!stored || args.replaceAll || stored.outline_version !== pathway.outline_version) {
              this.repo.txCreate(tx, ref, next);
            } else {
              this.repo.txUpdate(
                tx,
                ref,
                changedFields(stored, next, Object.keys(set), change.patch),
              );
            }
            this.outbox.stage(tx, events);
            if (args.actingFor) {
              this.audit.inTransaction(tx, {
                action: 'progress_changed_for_learner',
                actor: args.actingFor.actor,
                submissionId: null,
                submission: { user_id: args.userId, pathway_id: args.pathwayId, resource_id: null },
                requestId: args.requestId,
                at: now,
                details: { what: args.actingFor.what, reason: args.actingFor.reason },
              });
            }
            return { enrollment: next, changes, created: !stored, written: true };
          }),
        );
        return result;
      } catch (error) {
        if (error instanceof StaleOutline && attempt < 3) {
          pathway = (await this.pathways.refresh(args.pathwayId)) ?? pathway;
          continue;
        }
        throw error;
      }
    }
  }

  private activityOf(
    before: EnrollmentDoc,
    after: EnrollmentDoc,
    resourceIds: string[],
    pathway: PathwayDoc,
    now: Timestamp,
  ): OutboxEvent[] {
    return resourceIds.flatMap((resourceId) =>
      this.activity({
        before: before.resources[resourceId],
        after: after.resources[resourceId] as ResourceState,
        enrollment: after,
        moduleId: locateResource(pathway.outline, resourceId)?.module.module_id ?? null,
        resourceId,
        at: now,
      }),
    );
  }
}

function changedFields(
  before: EnrollmentDoc,
  after: EnrollmentDoc,
  set: string[],
  patch: EnrollmentChange['patch'],
): [FieldPath, unknown][] {
  const fields: [FieldPath, unknown][] = set.map((id) => [
    new FieldPath('resources', id),
    after.resources[id],
  ]);
  for (const key of Object.keys(patch ?? {}))
    fields.push([new FieldPath(key), after[key as keyof EnrollmentDoc]]);
  for (const [moduleId, aggregate] of Object.entries(after.modules)) {
    if (!sameJson(before.modules[moduleId], aggregate))
      fields.push([new FieldPath('modules', moduleId), aggregate]);
  }
  for (const key of [
    'pathway',
    'resume',
    'revision',
    'started_at',
    'last_accessed_at',
    'updated_at',
  ] as const) {
    if (!sameJson(before[key], after[key])) fields.push([new FieldPath(key), after[key]]);
  }
  return fields;
}
