import type { Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import type { CatalogRepository } from '../catalog/repository';
import { invalidArgument, permissionDenied } from '../errors';
import { cursorPage, decodeCursor, TimeIdCursor } from '../http/pagination';
import type { NoInput } from '../schemas/params';
import { iso } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import type { UserDirectory } from '../users/directory';
import type { ReviewScope, SubmissionsRepository } from './repository';
import type { PendingListSchema, PendingQuery } from './schemas';
import { submissionView } from './views';

/** Firestore's `in` filter takes at most 30 values. */
const MAX_SCOPE = 30;

/** Submissions waiting for review, oldest first: instructors see their pathways, admins all. */
export class ReviewQueue {
  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly catalog: CatalogRepository,
    private readonly access: PathwayAccess,
    private readonly directory: UserDirectory,
  ) {}

  /**
   * Pathways whose pending work this caller sees: all for admins (and for every instructor where
   * instructors review everything), else those the instructor is staff of.
   */
  private async scope(caller: Caller, pathwayId: string | undefined): Promise<ReviewScope> {
    if (pathwayId) {
      if (!(await this.access.reviews(caller, pathwayId)))
        throw permissionDenied(`You do not review pathway ${pathwayId}`);
      return [pathwayId];
    }
    if (caller.role === 'admin' || this.access.reviewScope === 'all_instructors') return 'all';
    const ids = await this.catalog.staffedPathwayIds(caller.uid);
    if (ids.length > MAX_SCOPE) {
      throw invalidArgument(`You review more than ${MAX_SCOPE} pathways: filter by pathway_id`, [
        { path: 'pathway_id', message: 'Required here' },
      ]);
    }
    return ids;
  }

  async pending(
    caller: Caller,
    _params: NoInput,
    query: PendingQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PendingListSchema>> {
    const scope = await this.scope(caller, query.pathway_id);
    if (scope !== 'all' && scope.length === 0)
      return { total_pending: 0, submissions: [], next_page_token: null };
    const after = query.page_token
      ? (([uploadedAtMs, id]) => ({ uploadedAtMs, id }))(
          decodeCursor(query.page_token, TimeIdCursor),
        )
      : { offset: query.offset };
    const [total, rows] = await Promise.all([
      this.repo.pendingCount(scope),
      this.repo.pendingPage(scope, query.limit, after),
    ]);
    const page = cursorPage(rows, query.limit, (last) => [
      (last.doc.uploaded_at ?? last.doc.created_at).toMillis(),
      last.id,
    ]);
    const [people, resources] = await Promise.all([
      this.directory.contacts([...new Set(page.items.map((d) => d.doc.user_id))]),
      this.catalog.resources([...new Set(page.items.map((d) => d.doc.resource_id))]),
    ]);
    const now = Date.now();
    return {
      total_pending: total,
      submissions: page.items.map(({ id, doc }) => {
        const resource = resources.get(doc.resource_id);
        const person = people.get(doc.user_id);
        return {
          ...submissionView(id, doc),
          user_id: doc.user_id,
          user_email: person?.email ?? null,
          user_name: person?.name ?? null,
          resource_title: resource?.title ?? doc.resource_id,
          resource_type: resource?.type ?? 'exercise',
          deleted_by_learner_at: iso(doc.deleted_at),
          hours_waiting:
            Math.round(((now - (doc.uploaded_at ?? doc.created_at).toMillis()) / 3_600_000) * 10) /
            10,
        };
      }),
      next_page_token: page.next_page_token,
    };
  }
}
