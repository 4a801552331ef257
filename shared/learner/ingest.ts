import type { ProgressEvent } from '../events';
import type { LearnerEvent } from './events';
import { log, LogEvent } from '../log';
import { fromProgressEvent } from './from-progress';
import type { LearnerRepository } from './repository';

/**
 * The `progress-events` consumer's use case: each published progress change becomes learner
 * events with ids derived from the progress event's id, stored once. A redelivered message maps
 * to the same ids and stores nothing new; a message this model has no mapping for is logged and
 * acknowledged (redelivering it would not change that).
 */
export class LearnerEventIngest {
  constructor(
    private readonly repo: LearnerRepository,
    private readonly clock: () => Date,
  ) {}

  async fromProgress(message: ProgressEvent): Promise<{ stored: string[]; duplicates: string[] }> {
    const mapped = fromProgressEvent(message);
    if (mapped.ignored !== null) {
      log.info(LogEvent.eventIgnored, mapped.ignored, { event_id: message.event_id });
      return { stored: [], duplicates: [] };
    }
    const result = await this.repo.storeOnce(message.user_id, mapped.events, this.clock());
    if (result.duplicates.length > 0)
      log.info(LogEvent.eventDuplicate, 'Learner events already stored', {
        event_id: message.event_id,
        learner_event_ids: result.duplicates,
      });
    return result;
  }

  /** A learner event raised by another use case (`learner-events`), stored once. */
  async fromLearnerEvent(event: LearnerEvent): Promise<{ stored: string[]; duplicates: string[] }> {
    const result = await this.repo.storeOnce(event.user_id, [event], this.clock());
    if (result.duplicates.length > 0)
      log.info(LogEvent.eventDuplicate, 'Learner event already stored', {
        learner_event_ids: result.duplicates,
      });
    return result;
  }
}
