import type { CloudEvent, HttpFunction } from '@google-cloud/functions-framework';
import type { z } from 'zod';
import { isServerFault, toAppError } from '../errors';
import { log, LogEvent, withLogContext } from '../log';
import { createCallable, type CallableSpec } from '../http/callable';
import type { Edge } from '../http/edge';
import type { AnyRoute } from '../http/route';
import { createRouter } from '../http/router';
import type { BucketRole, QueueName, TopicName } from '../triggers';

export type FunctionKind = 'http' | 'callable' | 'pubsub' | 'storage' | 'task';
export type StorageEventType = 'finalized' | 'deleted';

export type Trigger =
  | { kind: 'http' }
  | { kind: 'callable' }
  | { kind: 'pubsub'; topic: TopicName }
  | { kind: 'storage'; bucket: BucketRole; event: StorageEventType }
  | { kind: 'task'; queue: QueueName };

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

export interface EventDefinition extends Base {
  signature: 'cloudevent';
  handler: (event: CloudEvent<unknown>) => Promise<void>;
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

/** A Cloud Tasks target: an HTTP function that Cloud Tasks calls with an OIDC token. */
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

interface PubsubEventData {
  message?: {
    data?: string;
    attributes?: Record<string, string>;
    messageId?: string;
    publishTime?: string;
  };
}

/**
 * Settles an event delivery. Permanent failures (bad payloads, domain rejections) are logged
 * and acknowledged; anything else is rethrown so the platform redelivers.
 */
async function settle(name: string, eventId: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (caught) {
    const error = toAppError(caught);
    if (!isServerFault(error)) {
      log.warn(LogEvent.eventIgnored, `Permanent failure, not retried: ${error.message}`, {
        event_id: eventId,
        code: error.code,
      });
      return;
    }
    log.error(LogEvent.eventFailed, `${name} failed; the event will be redelivered`, {
      event_id: eventId,
      error: caught,
    });
    throw caught;
  }
}

export function pubsubFunction<S extends z.ZodType>(
  name: string,
  topic: TopicName,
  schema: S,
  handler: (payload: z.output<S>, meta: PubsubMessageMeta) => Promise<void>,
): EventDefinition {
  return {
    name,
    trigger: { kind: 'pubsub', topic },
    signature: 'cloudevent',
    handler: (event) =>
      withLogContext({ functionName: name }, async () => {
        const message = (event.data as PubsubEventData | undefined)?.message ?? {};
        const meta: PubsubMessageMeta = {
          messageId: message.messageId ?? event.id,
          publishTime: message.publishTime,
          attributes: message.attributes ?? {},
        };
        let payload: unknown;
        try {
          payload = JSON.parse(Buffer.from(message.data ?? '', 'base64').toString('utf8'));
        } catch {
          log.warn(LogEvent.eventIgnored, 'Message data is not JSON; acknowledged and dropped', {
            message_id: meta.messageId,
            topic,
          });
          return;
        }
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          log.warn(LogEvent.eventIgnored, 'Message does not match the topic schema; dropped', {
            message_id: meta.messageId,
            topic,
            issues: parsed.error.issues,
          });
          return;
        }
        await settle(name, meta.messageId, () => handler(parsed.data, meta));
      }),
  };
}

/** The JSON-API object resource that a storage CloudEvent carries. */
export interface StorageObjectData {
  bucket: string;
  name: string;
  generation: string;
  metageneration?: string;
  size: string;
  contentType?: string;
  md5Hash?: string;
  crc32c?: string;
  timeCreated?: string;
  updated?: string;
  metadata?: Record<string, string>;
}

export function storageFunction(
  name: string,
  bucket: BucketRole,
  event: StorageEventType,
  handler: (object: StorageObjectData, eventId: string) => Promise<void>,
): EventDefinition {
  return {
    name,
    trigger: { kind: 'storage', bucket, event },
    signature: 'cloudevent',
    handler: (cloudEvent) =>
      withLogContext({ functionName: name }, () =>
        settle(name, cloudEvent.id, () =>
          handler(cloudEvent.data as StorageObjectData, cloudEvent.id),
        ),
      ),
  };
}
