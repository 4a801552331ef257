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
    return { recommendations: ordered.map(view) };
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
