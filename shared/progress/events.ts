import type { Timestamp } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../catalog/model';
import { locateResource } from '../catalog/outline';
import type { ProgressEvent, ProgressEventType } from '../events';
import type { OutboxEvent } from '../platform/outbox';
import { Topics } from '../triggers';
import { enrollmentId, type EnrollmentDoc } from './model';
import type { ProgressChange } from './rollup';

/**
 * The one builder of `progress-events` messages. Ids are deterministic: the same change at the
 * same enrollment revision is the same event, so redelivered work publishes nothing new.
 */
export function progressEvent(args: {
  type: ProgressEventType;
  enrollment: EnrollmentDoc;
  /** What the event is about: a resource, a module, or (when absent) the pathway. */
  resourceId?: string | null;
  moduleId?: string | null;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  requestId: string;
  at: Timestamp;
}): OutboxEvent {
  const { enrollment } = args;
  const id = enrollmentId(enrollment.user_id, enrollment.pathway_id);
  const subject = args.resourceId ?? args.moduleId ?? enrollment.pathway_id;
  const eventId =
    args.type === 'progress_reset'
      ? `${args.type}:${id}:${enrollment.revision}`
      : `${args.type}:${id}:${subject}:${enrollment.revision}`;
  const data: ProgressEvent = {
    type: args.type,
    event_id: eventId,
    user_id: enrollment.user_id,
    pathway_id: enrollment.pathway_id,
    module_id: args.moduleId ?? null,
    resource_id: args.resourceId ?? null,
    old: args.old,
    new: args.new,
    outline_version: enrollment.outline_version,
    request_id: args.requestId,
    event_time: args.at.toDate().toISOString(),
  };
  return {
    id: eventId,
    topic: Topics.progressEvents,
    data,
    // One enrollment's events are published in the order its revisions were committed.
    order: { key: `enrollment:${id}`, position: enrollment.revision },
  };
}

/** The event a rollup change reveals; a resource event names the module it sits in. */
export function changeEvent(
  change: ProgressChange,
  enrollment: EnrollmentDoc,
  pathway: PathwayDoc,
  requestId: string,
  now: Timestamp,
): OutboxEvent {
  const moduleId =
    change.module_id ??
    (change.resource_id
      ? locateResource(pathway.outline, change.resource_id)?.module.module_id
      : undefined);
  return progressEvent({
    type: change.type,
    enrollment,
    resourceId: change.resource_id ?? null,
    moduleId: moduleId ?? null,
    old: change.old,
    new: change.new,
    requestId,
    at: now,
  });
}
