import type { protos } from '@google-cloud/pubsub';

/** What Eventarc POSTs to a function for a Pub/Sub message, in binary CloudEvent mode. */
export const PUBSUB_EVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

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
