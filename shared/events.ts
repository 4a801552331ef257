import { z } from 'zod';
import { IsoDateTime } from './schemas/common';

/** Pub/Sub topics. Names are at least 3 characters (a Pub/Sub rule). */
export const Topic = {
  outlineChanged: 'outline-changed',
  progressEvents: 'progress-events',
  outboxTick: 'outbox-tick',
} as const;

export const OutlineChangedEventSchema = z.object({
  type: z.literal('outline_changed'),
  event_id: z.string(),
  pathway_id: z.string(),
  outline_version: z.number().int().min(1),
  change: z.string(),
  request_id: z.string(),
  event_time: IsoDateTime,
});
export type OutlineChangedEvent = z.infer<typeof OutlineChangedEventSchema>;

/** Cloud Scheduler publishes an empty JSON object every minute to drive periodic work. */
export const TickSchema = z.object({}).loose();
