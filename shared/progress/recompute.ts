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
import { crashPoint } from '../platform/faults';

export interface RecomputeOutcome {
  pathway_id: string;
  outline_version: number;
  recomputed: number;
  conflicts: number;
  /** True when the time budget ran out before every enrollment was done. */
  remaining: boolean;
}

export interface RecomputeOptions {
  /** Enrollments read per query. */
  pageSize?: number;
  /** Writes per batch commit (an enrollment is one plus its events); Firestore allows 500. */
  writesPerCommit?: number;
  /** Batch commits in flight at once. */
  concurrency?: number;
  /** Stop taking new pages after this long; the caller re-queues the rest. */
  timeBudgetMs?: number;
}

interface Prepared {
  snap: QueryDocumentSnapshot;
  stored: EnrollmentDoc;
  next: EnrollmentDoc;
  events: OutboxEvent[];
}

/** Consecutive enrollments grouped so that each group's writes fit one batch commit. */
export function groupsOf<T extends { events: readonly unknown[] }>(
  items: T[],
  maxWrites: number,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let writes = 0;
  for (const item of items) {
    const cost = 1 + item.events.length;
    if (current.length > 0 && writes + cost > maxWrites) {
      groups.push(current);
      current = [];
      writes = 0;
    }
    current.push(item);
    writes += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
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
 * event finds nothing to do. The stale enrollments come from one query, a page at a time (the next
 * page read while this one is written); each page's aggregates are computed in memory and written in small batch
 * commits, several at once, each enrollment with a last-update-time precondition and its events
 * in the same commit (no transaction per learner). When one in a batch was changed by its learner
 * meanwhile, the batch fails as a whole, its members go again one by one, and the changed one
 * takes the normal transactional path. Completion stays; new required work shows as progress
 * below 100.
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
    const {
      pageSize = 500,
      writesPerCommit = 100,
      concurrency = 8,
      timeBudgetMs = 240_000,
    } = options;
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

    const prepare = (snap: QueryDocumentSnapshot): Prepared => {
      const stored = snap.data() as EnrollmentDoc;
      const now = Timestamp.now();
      const next = recomputed(stored, pathway, now);
      const events: OutboxEvent[] = progressChanges(stored, next).map((c) =>
        changeEvent(c, next, pathway, ctx.requestId, now),
      );
      return { snap, stored, next, events };
    };

    /** Commits a group of enrollments atomically; false when one was written meanwhile. */
    const commit = async (group: Prepared[]): Promise<boolean> => {
      const batch = this.repo.batch();
      for (const { snap, next, events } of group) {
        this.repo.guardedUpdate(batch, snap, {
          modules: next.modules,
          pathway: next.pathway,
          resume: next.resume,
          outline_version: next.outline_version,
          revision: next.revision,
          updated_at: next.updated_at,
        });
        this.outbox.stage(batch, events);
      }
      try {
        await batch.commit();
      } catch (error) {
        if (!hasCode(error, GrpcStatus.FAILED_PRECONDITION)) throw error;
        return false;
      }
      outcome.recomputed += group.length;
      crashPoint('recompute.afterBatch', pathwayId);
      return true;
    };

    /**
     * Written meanwhile: by another recompute of this version (a duplicate event), so nothing is
     * left to do; or by its learner, and the transaction re-reads and recomputes. The read first
     * settles the common duplicate cheaply; the transaction decides, because several recomputes
     * can all find the enrollment behind here when something else (a certificate claim) wrote it.
     */
    const throughTransaction = async ({ stored }: Prepared): Promise<void> => {
      const current = await this.repo.enrollment(stored.user_id, pathwayId);
      if (!current || current.outline_version >= pathway.outline_version) return;
      const { written } = await this.writer.write({
        userId: stored.user_id,
        pathwayId,
        pathway,
        requestId: ctx.requestId,
        change: () => ({ resourceStates: {} }),
        onlyIfBehind: true,
      });
      if (!written) return;
      outcome.conflicts += 1;
      outcome.recomputed += 1;
    };

    const group = async (members: Prepared[]): Promise<void> => {
      if (await commit(members)) return;
      // Someone in the group was written meanwhile: each alone, so the others still go in a batch.
      for (const member of members) {
        if (!(await commit([member]))) await throughTransaction(member);
      }
    };

    const pages = this.repo.staleEnrollmentPages(pathwayId, pathway.outline_version, pageSize);
    let page = pages.next();
    for (;;) {
      const { value: docs, done } = await page;
      if (done) break;
      const inBudget = Date.now() - started <= timeBudgetMs;
      // The next page is read while this one is written; past the budget the query is closed.
      page = inBudget ? pages.next() : pages.return(undefined);
      // A failed write below ends the run; the read in flight must not then reject unobserved.
      page.catch(() => undefined);
      const queue = groupsOf(docs.map(prepare), writesPerCommit);
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await group(next);
        }),
      );
      if (!inBudget) {
        // A full page may have had more behind it: the next delivery finds out.
        outcome.remaining = docs.length === pageSize;
        break;
      }
    }
    log.info(LogEvent.enrollmentsRecomputed, 'Enrollments recomputed for an outline change', {
      ...outcome,
    });
    return outcome;
  }
}
