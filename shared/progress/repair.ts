import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import type { CatalogRepository } from '../catalog/repository';
import { notFound } from '../errors';
import { log, LogEvent } from '../log';
import type { UserPathwayParams } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { EnrollmentWriter } from './enrollment-writer';
import { enrollmentId, type EnrollmentDoc } from './model';
import { recomputed } from './recompute';
import type { ProgressRepository } from './repository';
import type { RepairResponseSchema } from './schemas';

type Flat = Record<string, unknown>;

/** Every leaf of a document by dotted path, timestamps as ISO strings, for comparison. */
function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (value instanceof Timestamp) out[prefix] = value.toDate().toISOString();
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out[prefix] = {};
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = value ?? null;
  return out;
}

/** Admin audit-and-repair of one enrollment's aggregates. */
export class EnrollmentRepair {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly writer: EnrollmentWriter,
  ) {}

  /** Recomputes one enrollment from its resource states; reports every difference, then fixes it. */
  async repair(
    _caller: Caller,
    params: UserPathwayParams,
    query: { dry_run: boolean },
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof RepairResponseSchema>> {
    const { user_id: userId, pathway_id: pathwayId } = params;
    const [pathway, stored] = await Promise.all([
      this.catalog.pathway(pathwayId),
      this.repo.enrollment(userId, pathwayId),
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
    if (differences.length > 0 && !query.dry_run) {
      await this.writer.write({
        userId,
        pathwayId,
        pathway,
        requestId: ctx.requestId,
        change: () => ({ resourceStates: {} }),
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
}
