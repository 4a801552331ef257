import { Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../catalog/model';
import type { CatalogRepository } from '../catalog/repository';
import { log, LogEvent } from '../log';
import { GrpcStatus, hasCode } from '../platform/grpc';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import type { RequestContext } from '../use-case';
import type { EnrollmentWriter } from './enrollment-writer';
import { changeEvent } from './events';
import type { EnrollmentDoc } from './model';
import type { ProgressRepository } from './repository';
import { progressChanges, rollup } from './rollup';

export interface RecomputeOutcome {
  pathway_id: string;
  outline_version: number;
  recomputed: number;
  conflicts: number;
  /** True when the time budget ran out before every enrollment was done. */
  remaining: boolean;
}

export interface RecomputeOptions {
  batchSize?: number;
  concurrency?: number;
  /** Stop taking new batches after this long; the caller re-queues the rest. */
  timeBudgetMs?: number;
}

/** An enrollment's aggregates recomputed against the pathway's current outline. */
export function recomputed(
  stored: EnrollmentDoc,
  pathway: PathwayDoc,
  now: Timestamp,
): EnrollmentDoc {
  const rolled = rollup({
    outline: pathway.outline,
    outlineVersion: pathway.outline_version,
    resources: stored.resources,
    previous: stored,
    now,
  });
  return {
    ...stored,
    modules: rolled.modules,
    pathway: rolled.pathway,
    resume: rolled.resume,
    outline_version: pathway.outline_version,
    revision: stored.revision + 1,
    updated_at: now,
  };
}

/**
 * After an outline change, brings every enrollment of the pathway to the new outline. Only
 * enrollments computed against an older `outline_version` are touched, so a duplicate or stale
 * event finds nothing to do. Each enrollment is written with a last-update-time precondition
 * (no transaction per learner); one that a learner changed meanwhile goes through the normal
 * transactional path instead. Completion stays; new required work shows as progress below 100.
 */
export class OutlineRecompute {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly writer: EnrollmentWriter,
    private readonly outbox: Outbox,
  ) {}

  async recompute(
    pathwayId: string,
    ctx: RequestContext,
    options: RecomputeOptions = {},
  ): Promise<RecomputeOutcome> {
    const { batchSize = 300, concurrency = 32, timeBudgetMs = 240_000 } = options;
    const started = Date.now();
    const pathway = await this.catalog.pathway(pathwayId);
    const outcome: RecomputeOutcome = {
      pathway_id: pathwayId,
      outline_version: pathway?.outline_version ?? 0,
      recomputed: 0,
      conflicts: 0,
      remaining: false,
    };
    if (!pathway) return outcome;

    const one = async (snap: QueryDocumentSnapshot): Promise<void> => {
      const stored = snap.data() as EnrollmentDoc;
      const now = Timestamp.now();
      const next = recomputed(stored, pathway, now);
      const events: OutboxEvent[] = progressChanges(stored, next).map((c) =>
        changeEvent(c, next, pathway, ctx.requestId, now),
      );
      const batch = this.repo.guardedUpdate(snap, {
        modules: next.modules,
        pathway: next.pathway,
        resume: next.resume,
        outline_version: next.outline_version,
        revision: next.revision,
        updated_at: now,
      });
      this.outbox.stage(batch, events);
      try {
        await batch.commit();
      } catch (error) {
        if (!hasCode(error, GrpcStatus.FAILED_PRECONDITION)) throw error;
        // The learner wrote meanwhile; the transaction re-reads and recomputes.
        outcome.conflicts += 1;
        await this.writer.write({
          userId: stored.user_id,
          pathwayId,
          pathway,
          requestId: ctx.requestId,
          change: () => ({ resourceStates: {} }),
        });
        outcome.recomputed += 1;
        return;
      }
      outcome.recomputed += 1;
      await this.outbox.flush(events);
    };

    for (;;) {
      if (Date.now() - started > timeBudgetMs) {
        outcome.remaining = true;
        break;
      }
      const docs = await this.repo.staleEnrollments(pathwayId, pathway.outline_version, batchSize);
      if (docs.length === 0) break;
      const queue = [...docs];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let doc = queue.shift(); doc; doc = queue.shift()) await one(doc);
        }),
      );
      if (docs.length < batchSize) break;
    }
    log.info(LogEvent.enrollmentsRecomputed, 'Enrollments recomputed for an outline change', {
      ...outcome,
    });
    return outcome;
  }
}
