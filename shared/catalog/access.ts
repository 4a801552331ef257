import type { Caller } from '../auth';
import { notFound } from '../errors';
import type { PathwayDoc } from './model';
import type { CatalogRepository } from './repository';

/**
 * Who may see, change and review a pathway, and act for its learners: one set of rules, used by
 * the catalog, progress and review.
 *
 * | caller                             | sees         | edits | acts for its learners | reviews    |
 * | ---------------------------------- | ------------ | ----- | --------------------- | ---------- |
 * | admin                              | all          | yes   | yes                   | yes        |
 * | instructor who owns it             | yes          | yes   | yes                   | yes        |
 * | instructor listed as co_instructor | yes          | yes   | yes                   | yes        |
 * | instructor listed as reviewer      | yes          | no    | yes                   | yes        |
 * | any other instructor               | if published | no    | no                    | (1)        |
 * | learner                            | if published | no    | no                    | no         |
 *
 * (1) Seed 000 lets every instructor review every submission; a deployment can restrict review
 * to each pathway's staff (`PATHWISE_REVIEW_SCOPE=pathway_staff`).
 */
type Staffed = Pick<PathwayDoc, 'owner_uid' | 'staff'>;

/** The caller's part in the pathway's staff, if any (instructor role required). */
export function staffRole(
  caller: Caller,
  pathway: Staffed,
): 'owner' | 'co_instructor' | 'reviewer' | null {
  if (caller.role !== 'instructor' && caller.role !== 'admin') return null;
  if (pathway.owner_uid === caller.uid) return 'owner';
  return pathway.staff?.find((m) => m.uid === caller.uid)?.role ?? null;
}

export function canEdit(caller: Caller, pathway: Staffed): boolean {
  if (caller.role === 'admin') return true;
  const role = staffRole(caller, pathway);
  return role === 'owner' || role === 'co_instructor';
}

/** Admins and the pathway's staff: they see it unpublished and act for its learners. */
export function isStaff(caller: Caller, pathway: Staffed): boolean {
  return caller.role === 'admin' || staffRole(caller, pathway) !== null;
}

/** Published pathways are for everyone; staff also see unpublished ones; admins see all. */
export function canView(caller: Caller, pathway: Staffed & Pick<PathwayDoc, 'status'>): boolean {
  return pathway.status === 'published' || isStaff(caller, pathway);
}

export type ReviewScope = 'all_instructors' | 'pathway_staff';

export class PathwayAccess {
  constructor(
    private readonly repo: CatalogRepository,
    readonly reviewScope: ReviewScope,
  ) {}

  /**
   * The pathway if the caller may see it. Anything else is a 404 naming `what` (the thing the
   * caller asked for), never a 403: unpublished pathways do not exist for learners.
   */
  async visible(caller: Caller, pathwayId: string, what = `Pathway ${pathwayId}`) {
    const pathway = await this.repo.pathway(pathwayId);
    if (!pathway || !canView(caller, pathway)) throw notFound(what);
    return pathway;
  }

  /** Whether the caller reviews the pathway's submissions; false when it does not exist. */
  async reviews(caller: Caller, pathwayId: string): Promise<boolean> {
    if (caller.role === 'admin') return true;
    if (caller.role !== 'instructor') return false;
    const pathway = await this.repo.pathway(pathwayId);
    if (!pathway) return false;
    return this.reviewScope === 'all_instructors' || isStaff(caller, pathway);
  }
}
