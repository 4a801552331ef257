import { ProgressEventSchema } from '../shared/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Stores every progress change in the learner's event stream. Idempotent: the learner events'
 * ids derive from the progress event's id and are stored only if absent.
 */
export const onProgressEvent: FunctionFactory = (s) =>
  pubsubFunction(
    'onProgressEvent',
    Topics.progressEvents,
    ProgressEventSchema,
    async (event) => {
      await s.learner.ingest.fromProgress(event);
    },
    s.edge,
  );
