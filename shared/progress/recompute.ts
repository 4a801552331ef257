import { Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { notFound } from '../errors';
import { log, LogEvent } from '../log';
import { countReads, countWrites } from '../platform/io-stats';
import { flushEvents, stageEvents, type OutboxEvent } from '../platform/outbox';
import type { PathwayDoc } from '../catalog/service';
import { enrollmentId, type EnrollmentDoc } from './model';
import { progressChanges, rollup } from './rollup';
import { progressEvent, type ProgressService } from './service';

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

function recomputed(stored: EnrollmentDoc, pathway: PathwayDoc, now: Timestamp): EnrollmentDoc {
  const roll = rollup({
    outline: pathway.outline,
    outlineVersion: pathway.outline_version,
    resources: stored.resources,
    previous: stored,
    now,
  });
  return {
    ...stored,
    modules: roll.modules,
    pathway: roll.pathway,
    resume: roll.resume,
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
export async function recomputePathway(
  service: ProgressService,
  pathwayId: string,
  requestId: string,
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome> {
  const { batchSize = 300, concurrency = 32, timeBudgetMs = 240_000 } = options;
  const repo = service.repo;
  const started = Date.now();
  const pathway = await repo.pathway(pathwayId);
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
      progressEvent(c, next, pathway, requestId, now),
    );
    const batch = repo.firestore.batch();
    batch.update(
      snap.ref,
      {
        modules: next.modules,
        pathway: next.pathway,
        resume: next.resume,
        outline_version: next.outline_version,
        revision: next.revision,
        updated_at: now,
      },
      { lastUpdateTime: snap.updateTime },
    );
    countWrites();
    stageEvents(batch, events);
    try {
      await batch.commit();
    } catch (error) {
      if ((error as { code?: number }).code !== 9) throw error;
      // FAILED_PRECONDITION: the learner wrote meanwhile; the transaction re-reads and recomputes.
      outcome.conflicts += 1;
      await service.transact({
        userId: stored.user_id,
        pathwayId,
        pathway,
        requestId,
        change: () => ({ touched: {} }),
      });
      outcome.recomputed += 1;
      return;
    }
    outcome.recomputed += 1;
    await flushEvents(events);
  };

  for (;;) {
    if (Date.now() - started > timeBudgetMs) {
      outcome.remaining = true;
      break;
    }
    const snap = await repo.firestore
      .collection('enrollments')
      .where('pathway_id', '==', pathwayId)
      .where('outline_version', '<', pathway.outline_version)
      .limit(batchSize)
      .get();
    countReads(snap.size);
    if (snap.empty) break;
    const queue = [...snap.docs];
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let doc = queue.shift(); doc; doc = queue.shift()) await one(doc);
      }),
    );
    if (snap.size < batchSize) break;
  }
  log.info(LogEvent.enrollmentsRecomputed, 'Enrollments recomputed for an outline change', {
    ...outcome,
  });
  return outcome;
}

type Flat = Record<string, unknown>;

function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (value instanceof Timestamp) out[prefix] = value.toDate().toISOString();
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out[prefix] = {};
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = value ?? null;
  return out;
}

export interface RepairOutcome {
  enrollment_id: string;
  outline_version: number;
  differences: { path: string; stored: unknown; computed: unknown }[];
  repaired: boolean;
}

/** Recomputes one enrollment from its resource states; reports every difference, then fixes it. */
export async function repairEnrollment(
  service: ProgressService,
  userId: string,
  pathwayId: string,
  dryRun: boolean,
  requestId: string,
): Promise<RepairOutcome> {
  const repo = service.repo;
  const [pathway, stored] = await Promise.all([
    repo.pathway(pathwayId),
    repo.enrollment(userId, pathwayId),
  ]);
  if (!pathway || !stored) throw notFound(`Enrollment of ${userId} in ${pathwayId}`);
  const computed = recomputed(stored, pathway, Timestamp.now());
  const pick = (e: EnrollmentDoc) => ({
    modules: e.modules,
    pathway: e.pathway,
    resume: e.resume,
    outline_version: e.outline_version,
  });
  const before = flatten(pick(stored), '', {});
  const after = flatten(pick(computed), '', {});
  const differences = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((path) => JSON.stringify(before[path]) !== JSON.stringify(after[path]))
    // A completion date that a fresh rollup would stamp "now" is not a stored error.
    .filter(
      (path) => !(path.endsWith('completed_at') && before[path] !== null && after[path] !== null),
    )
    .sort()
    .map((path) => ({ path, stored: before[path] ?? null, computed: after[path] ?? null }));
  let repaired = false;
  if (differences.length > 0 && !dryRun) {
    await service.transact({
      userId,
      pathwayId,
      pathway,
      requestId,
      change: () => ({ touched: {} }),
    });
    repaired = true;
    log.warn(LogEvent.enrollmentRepaired, 'Enrollment aggregates repaired', {
      enrollment_id: enrollmentId(userId, pathwayId),
      differences: differences.length,
    });
  }
  return {
    enrollment_id: enrollmentId(userId, pathwayId),
    outline_version: pathway.outline_version,
    differences,
    repaired,
  };
}
