import type { PubSub, Topic } from '@google-cloud/pubsub';

/** Publishes JSON messages; topic handles are kept so batching settings apply across calls. */
export class Publisher {
  private readonly topics = new Map<string, Topic>();

  constructor(readonly client: PubSub) {}

  private topic(name: string): Topic {
    let t = this.topics.get(name);
    if (!t) {
      t = this.client.topic(name, { batching: { maxMessages: 100, maxMilliseconds: 1 } });
      this.topics.set(name, t);
    }
    return t;
  }

  publishJson(
    topicName: string,
    data: object,
    attributes: Record<string, string> = {},
  ): Promise<string> {
    return this.topic(topicName).publishMessage({ json: data, attributes });
  }
}
