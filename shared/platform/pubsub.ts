import type { PubSub, Topic } from '@google-cloud/pubsub';

/**
 * How long one publish may take, retries included. The client's default (60 s of backoff) would
 * keep an outbox relay holding its entries through a Pub/Sub outage; failing fast leaves them
 * for the relay's redelivery or the drain.
 */
export const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * gax's retry backoff for a publish that must end near `timeoutMs`. gax checks its total timeout
 * only after a sleep, and sleeps up to the current delay, which for Publish grows fourfold to
 * 60 s: a "1 s" publish to an unreachable Pub/Sub measured up to 12 s. Capping the delay at a
 * quarter of the budget (at most 1 s) bounds the overrun by that cap.
 */
export function publishBackoff(timeoutMs: number) {
  return {
    initialRetryDelayMillis: Math.min(100, timeoutMs / 10),
    retryDelayMultiplier: 2,
    maxRetryDelayMillis: Math.min(1_000, timeoutMs / 4),
    initialRpcTimeoutMillis: timeoutMs,
    rpcTimeoutMultiplier: 1,
    maxRpcTimeoutMillis: timeoutMs,
    totalTimeoutMillis: timeoutMs,
  };
}

/** Publishes JSON messages; topic handles are kept so batching settings apply across calls. */
export class Publisher {
  private readonly topics = new Map<string, Topic>();

  constructor(
    readonly client: PubSub,
    private readonly timeoutMs = PUBLISH_TIMEOUT_MS,
  ) {}

  private topic(name: string): Topic {
    let t = this.topics.get(name);
    if (!t) {
      t = this.client.topic(name, {
        batching: { maxMessages: 100, maxMilliseconds: 1 },
        messageOrdering: true,
        // gax makes `timeout` the total budget of a call and its retries; the backoff keeps
        // its last sleep from running far past it.
        gaxOpts: {
          timeout: this.timeoutMs,
          retry: { backoffSettings: publishBackoff(this.timeoutMs) },
        },
      });
      this.topics.set(name, t);
    }
    return t;
  }

  /**
   * Messages with the same ordering key reach ordered subscriptions in publication order. A
   * failed publish pauses its key (the client's rule); it is resumed so the next try can go.
   */
  async publishJson(
    topicName: string,
    data: object,
    attributes: Record<string, string> = {},
    orderingKey?: string,
  ): Promise<string> {
    const topic = this.topic(topicName);
    try {
      return await topic.publishMessage({
        json: data,
        attributes,
        ...(orderingKey ? { orderingKey } : {}),
      });
    } catch (error) {
      if (orderingKey) topic.resumePublishing(orderingKey);
      throw error;
    }
  }
}
