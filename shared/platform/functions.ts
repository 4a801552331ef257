// Over 300 lines: one definition builder per trigger kind (http, callable, task, Pub/Sub, Storage, Firestore), sharing their event plumbing.
import type { HttpFunction } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { log, LogEvent } from '../log';
import { createCallable, type CallableSpec } from '../http/callable';
import type { ReceivedCloudEvent } from '../http/cloudevent';
import type { Edge } from '../http/edge';
import { createEventReceiver } from '../http/event-receiver';
import type { AnyRoute } from '../http/route';
import { createRouter } from '../http/router';
import type { BucketRole, DocumentPattern, QueueName, TopicName } from '../triggers';

export type FunctionKind = 'http' | 'callable' | 'pubsub' | 'storage' | 'task' | 'firestore';
export type StorageEventType = 'finalized' | 'deleted';

export type Trigger =
  | { kind: 'http' }
  | { kind: 'callable' }
  | { kind: 'pubsub'; topic: TopicName }
  | { kind: 'storage'; bucket: BucketRole; event: StorageEventType }
  | { kind: 'task'; queue: QueueName }
  | { kind: 'firestore'; document: DocumentPattern };

interface Base {
  name: string;
  trigger: Trigger;
}

export interface HttpDefinition extends Base {
  signature: 'http';
  handler: HttpFunction;
  routes: AnyRoute[];
  callable?: CallableSpec<z.ZodType, z.ZodType>;
}

/**
 * A Pub/Sub, Cloud Storage or Firestore trigger. Registered with functions-framework's `http` signature, not
 * `cloudEvent`, so that it sees the caller's OIDC token: see shared/http/event-receiver.ts.
 */
export interface EventDefinition extends Base {
  signature: 'http';
  handler: HttpFunction;
  /** The CloudEvent type it accepts: the one its trigger delivers. */
  eventType: string;
}

export type FunctionDefinition = HttpDefinition | EventDefinition;

export function httpFunction(name: string, routes: AnyRoute[], edge: Edge): HttpDefinition {
  return {
    name,
    trigger: { kind: 'http' },
    signature: 'http',
    handler: createRouter(name, routes, edge),
    routes,
  };
}

export function callableFunction<DS extends z.ZodType, RS extends z.ZodType>(
  name: string,
  spec: CallableSpec<DS, RS>,
  edge: Edge,
): HttpDefinition {
  return {
    name,
    trigger: { kind: 'callable' },
    signature: 'http',
    handler: createCallable(name, spec, edge),
    routes: [],
    callable: spec as unknown as CallableSpec<z.ZodType, z.ZodType>,
  };
}

/**
 * A Cloud Tasks target: an HTTP function that Cloud Tasks calls with an OIDC token of the tasks
 * invoker; its routes say `auth: { service: 'tasks-invoker' }`, so the router verifies it.
 */
export function taskFunction(
  name: string,
  queue: QueueName,
  routes: AnyRoute[],
  edge: Edge,
): HttpDefinition {
  return {
    name,
    trigger: { kind: 'task', queue },
    signature: 'http',
    handler: createRouter(name, routes, edge),
    routes,
  };
}

export interface PubsubMessageMeta {
  messageId: string;
  publishTime: string | undefined;
  attributes: Record<string, string>;
}

/** The CloudEvent types Eventarc delivers for each trigger. */
export const EventTypes = {
  pubsubMessagePublished: 'google.cloud.pubsub.topic.v1.messagePublished',
  storage: (event: StorageEventType) => `google.cloud.storage.object.v1.${event}`,
  documentCreated: 'google.cloud.firestore.document.v1.created',
} as const;

/** The data of a `messagePublished` event: the Pub/Sub push envelope. */
const PubsubEventDataSchema = z.object({
  message: z.object({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().min(1).optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

function pubsubMessage(event: ReceivedCloudEvent, topic: TopicName) {
  const envelope = PubsubEventDataSchema.safeParse(event.data);
  if (!envelope.success) {
    log.warn(LogEvent.eventIgnored, 'Event data is not a Pub/Sub message; dropped', {
      event_id: event.id,
      topic,
      issues: envelope.error.issues,
    });
    return undefined;
  }
  const { message } = envelope.data;
  const meta: PubsubMessageMeta = {
    messageId: message.messageId ?? event.id,
    publishTime: message.publishTime,
    attributes: message.attributes ?? {},
  };
  try {
    return {
      meta,
      payload: JSON.parse(Buffer.from(message.data ?? '', 'base64').toString('utf8')),
    };
  } catch {
    log.warn(LogEvent.eventIgnored, 'Message data is not JSON; acknowledged and dropped', {
      message_id: meta.messageId,
      topic,
    });
    return undefined;
  }
}

export function pubsubFunction<S extends z.ZodType>(
  name: string,
  topic: TopicName,
  schema: S,
  handler: (payload: z.output<S>, meta: PubsubMessageMeta) => Promise<void>,
  edge: Edge,
): EventDefinition {
  const eventType = EventTypes.pubsubMessagePublished;
  const process = async (event: ReceivedCloudEvent) => {
    const message = pubsubMessage(event, topic);
    if (!message) return;
    const parsed = schema.safeParse(message.payload);
    if (!parsed.success) {
      log.warn(LogEvent.eventIgnored, 'Message does not match the topic schema; dropped', {
        message_id: message.meta.messageId,
        topic,
        issues: parsed.error.issues,
      });
      return;
    }
    await handler(parsed.data, message.meta);
  };
  return {
    name,
    trigger: { kind: 'pubsub', topic },
    signature: 'http',
    eventType,
    handler: createEventReceiver({ name, eventType, process }, edge),
  };
}

/** The JSON-API object resource that a storage CloudEvent carries (the fields Pathwise reads). */
const StorageObjectSchema = z.looseObject({
  bucket: z.string().min(1),
  name: z.string().min(1),
  generation: z.string().regex(/^\d+$/),
  metageneration: z.string().optional(),
  size: z.string().regex(/^\d+$/),
  contentType: z.string().optional(),
  md5Hash: z.string().optional(),
  crc32c: z.string().optional(),
  timeCreated: z.string().optional(),
  updated: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

export type StorageObjectData = z.infer<typeof StorageObjectSchema>;

export function storageFunction(
  name: string,
  bucket: BucketRole,
  event: StorageEventType,
  handler: (object: StorageObjectData, eventId: string) => Promise<void>,
  edge: Edge,
): EventDefinition {
  const eventType = EventTypes.storage(event);
  const process = async (cloudEvent: ReceivedCloudEvent) => {
    const object = StorageObjectSchema.safeParse(cloudEvent.data);
    if (!object.success) {
      log.warn(LogEvent.eventIgnored, 'Event data is not a Cloud Storage object; dropped', {
        event_id: cloudEvent.id,
        issues: object.error.issues,
      });
      return;
    }
    await handler(object.data, cloudEvent.id);
  };
  return {
    name,
    trigger: { kind: 'storage', bucket, event },
    signature: 'http',
    eventType,
    handler: createEventReceiver({ name, eventType, process }, edge),
  };
}

/** `documents/outbox/abc` (the subject of a Firestore event) → `abc`, for a `outbox/{id}` pattern. */
export function documentIdFrom(subject: string | undefined, pattern: DocumentPattern) {
  const collection = pattern.slice(0, pattern.indexOf('/'));
  const match = /^documents\/([^/]+)\/([^/]+)$/.exec(subject ?? '');
  return match && match[1] === collection ? decodeURIComponent(match[2] ?? '') : undefined;
}

/**
 * The wildcards of a document path pattern, read from the subject of a Firestore event:
 * `documents/users/u1/events/e1` against `users/{uid}/events/{eventId}` → `{uid: 'u1',
 * eventId: 'e1'}`; undefined when the subject names another document.
 */
export function documentParamsFrom(
  subject: string | undefined,
  pattern: DocumentPattern,
): Record<string, string> | undefined {
  const want = pattern.split('/');
  const match = /^documents\/(.+)$/.exec(subject ?? '');
  const got = match?.[1]?.split('/') ?? [];
  if (got.length !== want.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = decodeURIComponent(got[i] ?? '');
    const wildcard = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (wildcard) params[wildcard] = value;
    else if (segment !== value) return undefined;
  }
  return params;
}

/** A function on created documents: `locate` reads what the handler needs from the subject. */
function documentFunction<T>(
  name: string,
  document: DocumentPattern,
  locate: (subject: string | undefined) => T | undefined,
  handler: (found: T, eventId: string) => Promise<void>,
  edge: Edge,
): EventDefinition {
  const eventType = EventTypes.documentCreated;
  const process = async (event: ReceivedCloudEvent) => {
    const found = locate(event.subject);
    if (found === undefined) {
      log.warn(LogEvent.eventIgnored, `Event subject is not a document of ${document}; dropped`, {
        event_id: event.id,
        subject: event.subject,
      });
      return;
    }
    await handler(found, event.id);
  };
  return {
    name,
    trigger: { kind: 'firestore', document },
    signature: 'http',
    eventType,
    handler: createEventReceiver({ name, eventType, process, data: 'ignored' }, edge),
  };
}

/**
 * A function on the creation of a document matching `document`. Eventarc delivers Firestore
 * events with protobuf data; the handler needs only the document's id, which the event's subject
 * names, so the body is not read: the document is read fresh (it may be gone already).
 */
export function firestoreFunction(
  name: string,
  document: DocumentPattern,
  handler: (documentId: string, eventId: string) => Promise<void>,
  edge: Edge,
): EventDefinition {
  return documentFunction(name, document, (s) => documentIdFrom(s, document), handler, edge);
}

/**
 * Like `firestoreFunction`, for a pattern with several wildcards (a subcollection's documents):
 * the handler gets every wildcard's value and reads the document fresh.
 */
export function firestoreDocumentFunction(
  name: string,
  document: DocumentPattern,
  handler: (params: Record<string, string>, eventId: string) => Promise<void>,
  edge: Edge,
): EventDefinition {
  return documentFunction(name, document, (s) => documentParamsFrom(s, document), handler, edge);
}
