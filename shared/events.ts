import type { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { OutboxEvent } from './platform/outbox';
import { IsoDateTime } from './schemas/common';
import { Topics } from './triggers';

/** The payloads Pathwise publishes, one schema per topic; consumers parse with these. */

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

export const ProgressEventTypeSchema = z.enum([
  'resource_completed',
  'resource_submitted',
  'resource_reopened',
  'module_completed',
  'pathway_completed',
  'progress_reset',
]);
export type ProgressEventType = z.infer<typeof ProgressEventTypeSchema>;

/** A change to one learner's progress, published on `progress-events`. */
export const ProgressEventSchema = z.object({
  type: ProgressEventTypeSchema,
  event_id: z.string(),
  user_id: z.string(),
  pathway_id: z.string(),
  module_id: z.string().nullable(),
  resource_id: z.string().nullable(),
  old: z.record(z.string(), z.unknown()),
  new: z.record(z.string(), z.unknown()),
  outline_version: z.number().int(),
  request_id: z.string(),
  event_time: IsoDateTime,
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** Cloud Scheduler publishes an empty JSON object every minute to drive periodic work. */
export const TickSchema = z.object({}).loose();

/** The event a catalog change stages; its id is unique per pathway and outline version. */
export function outlineChangedEvent(args: {
  pathwayId: string;
  outlineVersion: number;
  change: string;
  requestId: string;
  at: Timestamp;
}): OutboxEvent {
  const data: OutlineChangedEvent = {
    type: 'outline_changed',
    event_id: `outline-changed:${args.pathwayId}:${args.outlineVersion}`,
    pathway_id: args.pathwayId,
    outline_version: args.outlineVersion,
    change: args.change,
    request_id: args.requestId,
    event_time: args.at.toDate().toISOString(),
  };
  return {
    id: data.event_id,
    topic: Topics.outlineChanged,
    data,
    order: { key: `pathway:${args.pathwayId}`, position: args.outlineVersion },
  };
}

/**
 * Levels a refold moved, published on `path-replans` from the refold's own commit, so the replan
 * of the paths they affect is as durable as the model change (a redelivery folds nothing).
 */
export const PathReplanEventSchema = z.object({
  type: z.literal('path_replan'),
  event_id: z.string(),
  user_id: z.string(),
  /** The last learner event folded: the replan's trigger names it. */
  learner_event_id: z.string(),
  changes: z
    .array(
      z.object({
        skill_id: z.string(),
        from: z.number().nullable(),
        to: z.number().nullable(),
      }),
    )
    .min(1),
});
export type PathReplanEvent = z.infer<typeof PathReplanEventSchema>;

/** The outbox message of a refold that moved levels; its id follows from the refold's last event. */
export function pathReplanEvent(args: {
  user_id: string;
  learner_event_id: string;
  changes: PathReplanEvent['changes'];
}): OutboxEvent {
  const event_id = `path-replan:${args.user_id}:${args.learner_event_id}`;
  const data: PathReplanEvent = { type: 'path_replan', event_id, ...args };
  return { id: event_id, topic: Topics.pathReplans, data };
}
