import { TickSchema } from '../shared/events';
import { log, LogEvent } from '../shared/log';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Mondays (Cloud Scheduler → Pub/Sub): queues one weekly path adjustment task per active learner,
 * named by learner and ISO week, so a repeated tick queues nothing twice.
 */
export const planWeeklyAdjustments: FunctionFactory = (s) =>
  pubsubFunction(
    'planWeeklyAdjustments',
    Topics.weeklyAdjustmentTick,
    TickSchema,
    async () => {
      const run = await s.analytics.adjustmentFanOut.run(new Date());
      log.info(LogEvent.eventProcessed, 'Weekly adjustments queued', { ...run });
    },
    s.edge,
  );
