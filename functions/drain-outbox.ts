import { Topic, TickSchema } from '../shared/events';
import { drainOutbox } from '../shared/platform/outbox';
import { pubsubFunction } from '../shared/platform/functions';

/** Every minute (Cloud Scheduler → Pub/Sub): publishes events whose post-commit flush failed. */
export const drainOutboxFunction = pubsubFunction(
  'drainOutbox',
  Topic.outboxTick,
  TickSchema,
  async () => {
    await drainOutbox();
  },
);
