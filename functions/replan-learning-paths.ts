import { PathReplanEventSchema } from '../shared/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Plans again the stored paths of the goals a refold's level change affects, from the message
 * that refold staged in its own commit. Idempotent: the same levels give the same plan, which
 * stores nothing. An erased account's late messages are dropped.
 */
export const replanLearningPaths: FunctionFactory = (s) =>
  pubsubFunction(
    'replanLearningPaths',
    Topics.pathReplans,
    PathReplanEventSchema,
    async (message) => {
      if (await s.learner.erasedAccounts.erased(message.user_id)) return;
      await s.learner.update.replan(message);
    },
    s.edge,
  );
