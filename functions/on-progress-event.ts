import { ProgressEventSchema } from '../shared/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Stores every progress change in the learner's event stream, then refolds the learner's model
 * (levels, recommendations) and replans the paths a changed level affects. Idempotent: the learner events' ids derive from the progress
 * event's id and are stored only if absent, and the refold folds each stored event once. An
 * erased account's late messages are dropped.
 */
export const onProgressEvent: FunctionFactory = (s) =>
  pubsubFunction(
    'onProgressEvent',
    Topics.progressEvents,
    ProgressEventSchema,
    async (event) => {
      if (await s.learner.erasedAccounts.erased(event.user_id)) return;
      const { stored, duplicates } = await s.learner.ingest.fromProgress(event);
      if (stored.length + duplicates.length > 0)
        await s.learner.update.afterStored(event.user_id, [...stored, ...duplicates]);
    },
    s.edge,
  );
