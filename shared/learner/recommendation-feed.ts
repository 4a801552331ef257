import type { z } from 'zod';
import type { Caller } from '../auth';
import { failedPrecondition, notFound } from '../errors';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { learnerEvent } from './events';
import type { RecommendationDoc } from './model';
import type { ProfileRepository } from './profile-repository';
import { learnerEventMessage } from './publish';
import type { ActionBodySchema, ActionResultSchema, RecommendationListSchema } from './schemas';

type View = ResponseOf<typeof RecommendationListSchema>['recommendations'][number];

function view(doc: RecommendationDoc): View {
  return {
    id: doc.id,
    reason_code: doc.reason_code,
    reason: doc.reason,
    target: doc.target,
    estimated_minutes: doc.estimated_minutes,
    evidence: doc.evidence,
    priority: doc.priority,
    status: doc.status,
    acted_at: doc.acted_at,
    shown_at: doc.shown_at ?? null,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

/**
 * Seed 003's recommendations (`/api/v1/ai/recommendations`): read as the event consumer left
 * them, never computed here. An action (accepted, skipped, ignored) is a `recommendation_acted`
 * event; folding it sets the recommendation's status, as finishing its target sets `completed`.
 */
export class RecommendationFeed {
  constructor(
    private readonly repo: ProfileRepository,
    private readonly clock: () => Date,
  ) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: { status: 'open' | 'all' },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof RecommendationListSchema>> {
    const docs = await this.repo.recommendationsOf(
      caller.uid,
      query.status === 'open' ? ['active', 'accepted'] : undefined,
    );
    const ordered = [...docs].sort(
      (a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const shown = await this.recordShown(caller.uid, ordered);
    return {
      recommendations: ordered.map((doc) =>
        view(shown.has(doc.id) ? { ...doc, shown_at: shown.get(doc.id) } : doc),
      ),
    };
  }

  /**
   * Every recommendation served open is recorded once as a `recommendation_shown` event: the
   * first list that serves it marks it and stages the event (deterministic id from the
   * recommendation and that time); later lists find it marked and write nothing. Closed ones
   * served in the history (`status=all`) are not being recommended, so they are not "shown".
   */
  private async recordShown(
    userId: string,
    docs: readonly RecommendationDoc[],
  ): Promise<Map<string, string>> {
    const unshown = docs
      .filter((d) => d.shown_at === undefined && (d.status === 'active' || d.status === 'accepted'))
      .map((d) => d.id);
    if (unshown.length === 0) return new Map();
    const at = this.clock().toISOString();
    const marked = await this.repo.markShown(userId, unshown, at, (id) =>
      learnerEventMessage(
        learnerEvent({
          user_id: userId,
          kind: 'recommendation_shown',
          occurred_at: at,
          source: { type: 'api', id: `recommendation:${id}:shown` },
          data: { recommendation_id: id },
        }),
      ),
    );
    return new Map(marked.map((id) => [id, at]));
  }

  async act(
    caller: Caller,
    params: { recommendation_id: string },
    input: z.output<typeof ActionBodySchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ActionResultSchema>> {
    const rec = await this.repo.recommendation(params.recommendation_id);
    if (!rec || rec.user_id !== caller.uid)
      throw notFound(`Recommendation ${params.recommendation_id}`);
    if (rec.status === 'completed' || rec.status === 'superseded')
      throw failedPrecondition(`This recommendation is ${rec.status}`, [
        { path: 'action', message: `A ${rec.status} recommendation takes no action` },
      ]);
    const at = this.clock().toISOString();
    const event = learnerEvent({
      user_id: caller.uid,
      kind: 'recommendation_acted',
      occurred_at: at,
      source: { type: 'api', id: `recommendation:${rec.id}:${input.action}:${at}` },
      data: { recommendation_id: rec.id, action: input.action },
    });
    await this.repo.stage(learnerEventMessage(event));
    return { recommendation_id: rec.id, action: input.action, event_id: event.id, recorded_at: at };
  }
}
