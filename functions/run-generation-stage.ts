import { StageMessageSchema } from '../shared/generation/model';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Runs one stage of a course generation per `generation-stages` message; a finished stage
 * publishes the next one's. Redelivered messages resume from the stage's checkpoints.
 */
export const runGenerationStage: FunctionFactory = (s) =>
  pubsubFunction(
    'runGenerationStage',
    Topics.generationStages,
    StageMessageSchema,
    (message, meta) =>
      s.generation.stages.handle(message, { requestId: `generation-${meta.messageId}` }),
    s.edge,
  );
