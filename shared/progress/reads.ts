import type { Caller } from '../auth';
import { canView, type PathwayAccess } from '../catalog/access';
import type { PathwayDoc } from '../catalog/model';
import { locateModule } from '../catalog/outline';
import type { CatalogRepository } from '../catalog/repository';
import { notFound } from '../errors';
import { cursorPage, decodeCursor, IdCursor } from '../http/pagination';
import type {
  ModuleInPathwayParams,
  NoInput,
  PathwayParams,
  ResourceParams,
} from '../schemas/params';
import type { SubmissionsRepository } from '../submissions/repository';
import { briefsByResource, type SubmissionBrief } from '../submissions/views';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ResourceLocator } from './access';
import type { EnrollmentDoc } from './model';
import type { ProgressRepository } from './repository';
import type {
  EnrollmentListSchema,
  EnrollmentSummarySchema,
  ModuleProgressResponseSchema,
  PathwayProgressSchema,
  ResourceProgressSchema,
} from './schemas';
import {
  blankEnrollment,
  enrollmentItem,
  moduleView,
  pathwayProgressView,
  resourceProgressView,
  summaryView,
} from './views';

export interface PathwayProgress {
  pathway: PathwayDoc;
  /** The stored enrollment; absent when the learner never enrolled. */
  stored: EnrollmentDoc | undefined;
  /** The stored enrollment, or what a learner who never started sees. */
  enrollment: EnrollmentDoc;
  submissions: Map<string, SubmissionBrief[]>;
}

/** A learner's own progress, read: seed 000's views, seed 004's summary and module view. */
export class ProgressReads {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly submissions: SubmissionsRepository,
    private readonly access: PathwayAccess,
    private readonly locator: ResourceLocator,
  ) {}

  private async briefs(
    userId: string,
    pathwayId: string,
    resourceId?: string,
  ): Promise<Map<string, SubmissionBrief[]>> {
    return briefsByResource(
      await this.submissions.ofLearner(userId, {
        pathwayId,
        ...(resourceId ? { resourceId } : {}),
      }),
    );
  }

  /** Everything a progress view of one pathway shows, for the caller or a learner they act for. */
  async pathwayProgress(
    caller: Caller,
    pathwayId: string,
    userId = caller.uid,
  ): Promise<PathwayProgress> {
    const pathway = await this.access.visible(caller, pathwayId);
    const [stored, submissions] = await Promise.all([
      this.repo.enrollment(userId, pathwayId),
      this.briefs(userId, pathwayId),
    ]);
    return {
      pathway,
      stored,
      enrollment: stored ?? blankEnrollment(userId, pathwayId, pathway),
      submissions,
    };
  }

  async getPathwayProgress(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayProgressSchema>> {
    const { pathway, stored, enrollment, submissions } = await this.pathwayProgress(
      caller,
      params.pathway_id,
    );
    return pathwayProgressView(enrollment, pathway, stored !== undefined, submissions);
  }

  async resourceProgress(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ResourceProgressSchema>> {
    const resourceId = params.resource_id;
    const { pathwayId, pathway, location } = await this.locator.locate(caller, resourceId);
    const [stored, submissions, resource] = await Promise.all([
      this.repo.enrollment(caller.uid, pathwayId),
      location.resource.requires_upload
        ? this.briefs(caller.uid, pathwayId, resourceId)
        : Promise.resolve(new Map<string, SubmissionBrief[]>()),
      location.resource.type === 'quiz'
        ? this.catalog.resource(resourceId)
        : Promise.resolve(undefined),
    ]);
    return resourceProgressView({
      enrollment: stored ?? blankEnrollment(caller.uid, pathwayId, pathway),
      module: location.module,
      entry: location.resource,
      quiz: resource?.quiz ?? null,
      submissions: submissions.get(resourceId) ?? [],
    });
  }

  /** Seed 004's course summary, in the same model. */
  async summary(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof EnrollmentSummarySchema>> {
    const pathwayId = params.pathway_id;
    const pathway = await this.access.visible(caller, pathwayId);
    const stored = await this.repo.enrollment(caller.uid, pathwayId);
    return summaryView(stored ?? blankEnrollment(caller.uid, pathwayId, pathway), pathway);
  }

  async moduleProgress(
    caller: Caller,
    params: ModuleInPathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ModuleProgressResponseSchema>> {
    const { pathway_id: pathwayId, module_id: moduleId } = params;
    const { pathway, enrollment, submissions } = await this.pathwayProgress(caller, pathwayId);
    const module = locateModule(pathway.outline, moduleId)?.module;
    if (!module) throw notFound(`Module ${moduleId} in pathway ${pathwayId}`);
    return {
      ...moduleView(enrollment, module, submissions),
      pathway_id: pathwayId,
      user_id: caller.uid,
    };
  }

  async listEnrollments(
    caller: Caller,
    _params: NoInput,
    query: { limit: number; page_token?: string | undefined },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof EnrollmentListSchema>> {
    const after = query.page_token ? decodeCursor(query.page_token, IdCursor)[0] : undefined;
    const rows = await this.repo.enrollmentsOf(caller.uid, query.limit, after);
    const page = cursorPage(rows, query.limit, (row) => [row.id]);
    const pathways = await this.catalog.pathways(page.items.map((row) => row.doc.pathway_id));
    const items = page.items.flatMap((row, i) => {
      const pathway = pathways[i];
      // Enrollments stay when a pathway is unpublished; they are listed again if it comes back.
      return pathway && canView(caller, pathway) ? [enrollmentItem(row.doc, pathway)] : [];
    });
    return { enrollments: items, next_page_token: page.next_page_token };
  }
}
