import { PubSub, type Topic } from '@google-cloud/pubsub';
import { getConfig } from '../config';

let client: PubSub | undefined;
const topics = new Map<string, Topic>();

export function pubsub(): PubSub {
  client ??= new PubSub({ projectId: getConfig().projectId });
  return client;
}

function topic(name: string): Topic {
  let t = topics.get(name);
  if (!t) {
    t = pubsub().topic(name, { batching: { maxMessages: 100, maxMilliseconds: 1 } });
    topics.set(name, t);
  }
  return t;
}

export async function publishJson(
  topicName: string,
  data: object,
  attributes: Record<string, string> = {},
): Promise<string> {
  return topic(topicName).publishMessage({ json: data, attributes });
}
