import { OutlineChangedEventSchema } from '../shared/events';
import { log, LogEvent } from '../shared/log';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Recomputes every enrollment of a pathway whose outline changed. Idempotent by
 * outline_version; when the time budget runs out the same event is published again and the
 * next delivery carries on where this one stopped.
 */
export const onOutlineChanged: FunctionFactory = (s) =>
  pubsubFunction(
    'onOutlineChanged',
    Topics.outlineChanged,
    OutlineChangedEventSchema,
    async (event) => {
      const outcome = await s.progress.recompute.recompute(event.pathway_id, {
        requestId: event.request_id,
      });
      if (outcome.remaining) {
        log.info(LogEvent.enrollmentsRecomputed, 'Recompute continues in a new delivery', {
          pathway_id: event.pathway_id,
        });
        await s.outbox.publish({ id: event.event_id, topic: Topics.outlineChanged, data: event });
      }
    },
    s.edge,
  );
