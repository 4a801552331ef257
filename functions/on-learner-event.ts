import { LearnerEventSchema } from '../shared/learner/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Learner events raised by use cases (quiz attempts, assessments, goals, actions on
 * recommendations): each is stored once in the learner's stream, then the model is refolded
 * and the paths a changed level affects are replanned.
 * An erased account's late messages are dropped.
 */
export const onLearnerEvent: FunctionFactory = (s) =>
  pubsubFunction(
    'onLearnerEvent',
    Topics.learnerEvents,
    LearnerEventSchema,
    async (event) => {
      if (await s.learner.erasedAccounts.erased(event.user_id)) return;
      const { stored, duplicates } = await s.learner.ingest.fromLearnerEvent(event);
      await s.learner.update.afterStored(event.user_id, [...stored, ...duplicates]);
    },
    s.edge,
  );
