import { dayPart } from './bucket';
import type { AnalyticsRepository, FoldOutcome } from './repository';
import { summaryPart } from './summary';

export type ApplyOutcome = FoldOutcome | 'missing';

/** What the aggregator needs of the repository. */
export type AggregateStore = Pick<AnalyticsRepository, 'event' | 'timezone' | 'fold'>;

/**
 * Folds one stored learner event into the learner's day and summary: reads the event and the
 * timezone, then adds the event's parts once (repository.fold). Parts are sums, so events fold
 * in any order, late or early, and the documents always equal `replay` of the stream; a burst of
 * one learner's events folds concurrently, none waiting for another.
 */
export class AnalyticsAggregator {
  constructor(private readonly repo: AggregateStore) {}

  async apply(uid: string, eventId: string): Promise<ApplyOutcome> {
    const event = await this.repo.event(uid, eventId);
    if (!event || event.user_id !== uid) return 'missing';
    const zone = await this.repo.timezone(uid);
    return this.repo.fold(uid, event.id, dayPart(event, zone), summaryPart(event, zone));
  }
}
