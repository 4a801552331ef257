import type { z } from 'zod';
import type { Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { NoInput, PathwayParams, ResourceParams } from '../schemas/params';
import { locateResource } from '../catalog/outline';
import { notFound } from '../errors';
import { iso } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ActingFor, Located, ResourceLocator } from './access';
import type { EnrollmentWriteResult, EnrollmentWriter } from './enrollment-writer';
import type { ResourceState } from './model';
import type { EnrollmentNotices } from './notices';
import type { ProgressReads } from './reads';
import type { ProgressRepository } from './repository';
import type {
  CompleteResponseSchema,
  EnrollResponseSchema,
  ProgressBodySchema,
  ProgressResponseSchema,
  ResourceProgressSchema,
  StartResponseSchema,
} from './schemas';
import { applyAction, type ProgressAction } from './transitions';
import { enrollmentItem } from './views';

export type ActionResult = EnrollmentWriteResult & Located;

/** Enrolling is cheap to ask for and writes a document: a learner gets a few a minute. */
export const ENROLL_RATE: RateRule = { what: 'enrolments', limit: 20, windowSeconds: 60 };

/** What learners do with resources: enrol, start, view, report progress, complete. */
export class ProgressActivity {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly writer: EnrollmentWriter,
    private readonly access: PathwayAccess,
    private readonly locator: ResourceLocator,
    private readonly reads: ProgressReads,
    private readonly rateLimits: RateLimiter,
    private readonly notices: EnrollmentNotices,
  ) {}

  /** Applies one status-machine action to one resource for the caller (or a learner they act for). */
  async recordAction(
    caller: Caller,
    resourceId: string,
    action: ProgressAction,
    ctx: RequestContext,
    actingFor?: ActingFor,
  ): Promise<ActionResult> {
    let located = await this.locator.locate(caller, resourceId, { cached: true });
    const result = await this.writer.write({
      userId: actingFor?.userId ?? caller.uid,
      ...(actingFor ? { actingFor: { ...actingFor, what: `${action.kind} ${resourceId}` } } : {}),
      byLearner: true,
      pathwayId: located.pathwayId,
      pathway: located.pathway,
      requestId: ctx.requestId,
      change: ({ pathway, enrollment, now }) => {
        // The transaction may have found a newer outline than the one the resource was found in.
        const location = locateResource(pathway.outline, resourceId);
        if (!location) throw notFound(`Resource ${resourceId}`);
        located = { pathwayId: located.pathwayId, pathway, location };
        return {
          resourceStates: {
            [resourceId]: applyAction(
              location.resource,
              enrollment.resources[resourceId],
              action,
              now,
            ),
          },
        };
      },
    });
    return { ...result, ...located };
  }

  /**
   * How an action left the resource, its module and the pathway. Each endpoint's response schema
   * keeps the fields it documents (seed 000's progress and complete answers differ).
   */
  private static outcome(result: ActionResult, resourceId: string) {
    const state = result.enrollment.resources[resourceId] as ResourceState;
    const module = result.enrollment.modules[result.location.module.module_id];
    return {
      resource_id: resourceId,
      status: state.status,
      progress_percentage: state.progress_percentage,
      time_spent_minutes: state.time_spent_minutes,
      completed_at: iso(state.completed_at),
      module_progress: module?.module_progress ?? 0,
      module_completed: module?.completed ?? false,
      pathway_progress: result.enrollment.pathway.pathway_progress,
      pathway_completed: result.enrollment.pathway.completed_at !== null,
    };
  }

  async enroll(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof EnrollResponseSchema>> {
    const pathwayId = params.pathway_id;
    const pathway = await this.access.visible(caller, pathwayId);
    await this.rateLimits.take(ENROLL_RATE, caller.uid);
    const existing = await this.repo.enrollment(caller.uid, pathwayId);
    if (existing && existing.outline_version >= pathway.outline_version) {
      return { ...enrollmentItem(existing, pathway), created: false };
    }
    const result = await this.writer.write({
      userId: caller.uid,
      pathwayId,
      pathway,
      requestId: ctx.requestId,
      change: () => ({ resourceStates: {} }),
    });
    if (result.created) {
      await this.notices.enrolled(caller.uid, pathwayId, pathway, new Date());
    }
    return { ...enrollmentItem(result.enrollment, pathway), created: result.created };
  }

  async start(
    caller: Caller,
    params: ResourceParams,
    body: { notes?: string | undefined },
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof StartResponseSchema>> {
    const resourceId = params.resource_id;
    const result = await this.recordAction(
      caller,
      resourceId,
      { kind: 'start', notes: body.notes },
      ctx,
    );
    const state = result.enrollment.resources[resourceId];
    return {
      resource_id: resourceId,
      status: state?.status ?? 'in_progress',
      started_at: iso(state?.started_at),
    };
  }

  async view(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ResourceProgressSchema>> {
    await this.recordAction(caller, params.resource_id, { kind: 'view' }, ctx);
    return this.reads.resourceProgress(caller, params, {}, ctx);
  }

  async updateProgress(
    caller: Caller,
    params: ResourceParams,
    body: z.output<typeof ProgressBodySchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ProgressResponseSchema>> {
    const resourceId = params.resource_id;
    const result = await this.recordAction(caller, resourceId, { kind: 'progress', ...body }, ctx);
    return ProgressActivity.outcome(result, resourceId);
  }

  async complete(
    caller: Caller,
    params: ResourceParams,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof CompleteResponseSchema>> {
    const resourceId = params.resource_id;
    const result = await this.recordAction(caller, resourceId, { kind: 'complete' }, ctx);
    return ProgressActivity.outcome(result, resourceId);
  }
}
