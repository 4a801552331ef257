import { OutlineChangedEventSchema, Topic } from '../shared/events';
import { log, LogEvent } from '../shared/log';
import { pubsubFunction } from '../shared/platform/functions';
import { publishJson } from '../shared/platform/pubsub';
import { recomputePathway } from '../shared/progress/recompute';
import { progress } from '../shared/progress/service';

/**
 * Recomputes every enrollment of a pathway whose outline changed. Idempotent by
 * outline_version; when the time budget runs out the same event is published again and the
 * next delivery carries on where this one stopped.
 */
export const onOutlineChanged = pubsubFunction(
  'onOutlineChanged',
  Topic.outlineChanged,
  OutlineChangedEventSchema,
  async (event) => {
    const outcome = await recomputePathway(progress(), event.pathway_id, event.request_id);
    if (outcome.remaining) {
      log.info(LogEvent.enrollmentsRecomputed, 'Recompute continues in a new delivery', {
        pathway_id: event.pathway_id,
      });
      await publishJson(Topic.outlineChanged, event, {
        event_id: event.event_id,
        event_type: event.type,
      });
    }
  },
);
