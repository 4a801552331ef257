/**
 * Eventarc's Pub/Sub trigger, as the stack plays it: the subscription it pulls from, how long it
 * leases messages, and the CloudEvent it POSTs for each.
 */
import type { protos } from '@google-cloud/pubsub';

/** What Eventarc POSTs to a function for a Pub/Sub message, in binary CloudEvent mode. */
export const PUBSUB_EVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

/**
 * The subscriptions' ack deadline, Pub/Sub's shortest: how long the messages of a pull answer
 * that never reached the stack stay leased to nobody.
 */
export const PULL_LEASE_SECONDS = 10;

/** The subscription Eventarc would create for a function's trigger. */
export function subscriptionName(functionName: string): string {
  return `eventarc-${functionName}`;
}

/**
 * The lease of a message in hand: the function's timeout and a minute more, within Pub/Sub's
 * 600 s. A message is pulled only when the function has room for it, so this covers its POST.
 */
export function leaseSeconds(timeoutMs: number): number {
  return Math.min(600, Math.ceil(timeoutMs / 1000) + 60);
}

/** A message as a pull returns it. */
export type Received = protos.google.pubsub.v1.IReceivedMessage;

/** The request Eventarc makes for one message: headers without the token, and the body. */
export function messagePublishedRequest(
  projectId: string,
  topic: string,
  subscription: string,
  received: Received,
): { headers: Record<string, string>; body: string } {
  const message = received.message ?? {};
  const id = message.messageId ?? '';
  const at = message.publishTime;
  const publishTime = new Date(
    Number(at?.seconds ?? 0) * 1000 + Math.floor((at?.nanos ?? 0) / 1e6),
  ).toISOString();
  return {
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-type': PUBSUB_EVENT_TYPE,
      'ce-source': `//pubsub.googleapis.com/projects/${projectId}/topics/${topic}`,
      'ce-time': publishTime,
    },
    body: JSON.stringify({
      message: {
        data: Buffer.from(message.data ?? '').toString('base64'),
        attributes: { ...message.attributes },
        messageId: id,
        message_id: id,
        publishTime,
        publish_time: publishTime,
      },
      subscription: `projects/${projectId}/subscriptions/${subscription}`,
    }),
  };
}
