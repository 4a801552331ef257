import { TickSchema } from '../shared/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/** Every minute (Cloud Scheduler → Pub/Sub): publishes events whose post-commit flush failed. */
export const drainOutbox: FunctionFactory = (s) =>
  pubsubFunction(
    'drainOutbox',
    Topics.outboxTick,
    TickSchema,
    async () => {
      await s.outbox.drain();
    },
    s.edge,
  );
