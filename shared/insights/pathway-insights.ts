import type { Caller } from '../auth';
import { canEdit } from '../catalog/access';
import type { PathwayDoc } from '../catalog/model';
import type { CatalogRepository } from '../catalog/repository';
import { notFound } from '../errors';
import type { PathwayParams } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { atRiskLearners } from './at-risk';
import { completionFunnel } from './funnel';
import { itemDifficulty } from './item-difficulty';
import type { InsightsRepository } from './repository';
import { TIME_SAMPLE } from './repository';
import { completionByResourceType } from './resource-types';
import { reviewMetrics } from './review-metrics';
import type {
  InsightsQuery,
  PathwayInsightsSchema,
  ReviewInsightsSchema,
  UploadInsightsSchema,
} from './schemas';
import { share } from './stats';
import { medianTimePerResource } from './time-per-resource';
import { uploadMetrics, windowDays } from './upload-metrics';

/**
 * Instructor and admin insights of one pathway (issue 15, seed 000's monitoring metrics). Who:
 * the pathway's owner and co-instructors (the catalog's edit rule) and admins; for anyone else
 * the pathway does not exist (404). A read costs a number of aggregation queries that grows
 * with the outline and the window, never with the enrolments (see repository.ts).
 */
export class PathwayInsights {
  constructor(
    private readonly catalog: Pick<CatalogRepository, 'pathway' | 'resources'>,
    private readonly repo: InsightsRepository,
    private readonly now: () => Date,
  ) {}

  private async owned(caller: Caller, pathwayId: string): Promise<PathwayDoc> {
    const pathway = await this.catalog.pathway(pathwayId);
    if (!pathway || !canEdit(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
    return pathway;
  }

  private window(pathwayId: string, query: InsightsQuery, now: Date) {
    const days = windowDays(now, query.window_days);
    const since = (days[0] as (typeof days)[number]).start;
    return {
      days,
      since,
      head: {
        pathway_id: pathwayId,
        window_days: query.window_days,
        since: since.toISOString(),
        generated_at: now.toISOString(),
      },
    };
  }

  async reviews(
    caller: Caller,
    params: PathwayParams,
    query: InsightsQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ReviewInsightsSchema>> {
    await this.owned(caller, params.pathway_id);
    const now = this.now();
    const w = this.window(params.pathway_id, query, now);
    const figures = await this.repo.reviewFigures(params.pathway_id, w.since);
    return { ...w.head, reviews: reviewMetrics(figures, now) };
  }

  async uploads(
    caller: Caller,
    params: PathwayParams,
    query: InsightsQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof UploadInsightsSchema>> {
    await this.owned(caller, params.pathway_id);
    const w = this.window(params.pathway_id, query, this.now());
    return {
      ...w.head,
      uploads: uploadMetrics(await this.repo.uploadFigures(params.pathway_id, w.days)),
    };
  }

  async insights(
    caller: Caller,
    params: PathwayParams,
    query: InsightsQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathwayInsightsSchema>> {
    const id = params.pathway_id;
    const pathway = await this.owned(caller, id);
    const now = this.now();
    const w = this.window(id, query, now);
    const { outline } = pathway;
    const [counts, states, struggling, quizItems, reviews, uploads] = await Promise.all([
      this.repo.progressCounts(id, outline),
      this.repo.recentResourceStates(id),
      this.repo
        .strugglingLearners(id)
        .then(async (s) => ({ more: s.more, learners: await this.repo.signals(s.uids) })),
      this.quizItems(pathway),
      this.repo.reviewFigures(id, w.since),
      this.repo.uploadFigures(id, w.days),
    ]);
    return {
      ...w.head,
      title: pathway.title,
      enrollments: {
        total: counts.enrolled,
        started: counts.started,
        completed: counts.completed,
        completion_rate: share(counts.completed, counts.enrolled),
      },
      funnel: completionFunnel(outline, counts),
      completion_by_resource_type: completionByResourceType(outline, counts.enrolled, counts.done),
      time_per_resource: {
        enrollments_read: states.length,
        complete: states.length < TIME_SAMPLE,
        resources: medianTimePerResource(outline, states),
      },
      at_risk: {
        learners: atRiskLearners(id, outline, struggling.learners, now),
        more: struggling.more,
      },
      quiz_items: quizItems,
      reviews: reviewMetrics(reviews, now),
      uploads: uploadMetrics(uploads),
    };
  }

  /** Each scored quiz's items, in outline order (quizzes without an answer key have none). */
  private async quizItems(pathway: PathwayDoc) {
    const quizzes = pathway.outline.modules
      .flatMap((m) => m.resources)
      .filter((r) => r.type === 'quiz');
    const docs = await this.catalog.resources(quizzes.map((q) => q.resource_id));
    const scored = quizzes.flatMap((q) => {
      const quiz = docs.get(q.resource_id)?.quiz;
      return quiz?.has_answer_key ? [{ resource: q, questions: quiz.questions }] : [];
    });
    return Promise.all(
      scored.map(async ({ resource, questions }) => ({
        resource_id: resource.resource_id,
        title: resource.title,
        items: itemDifficulty(
          questions,
          await this.repo.itemCounts(
            resource.resource_id,
            questions.map((q) => q.id),
          ),
        ),
      })),
    );
  }
}
