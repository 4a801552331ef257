/**
 * Pub/Sub → event functions, as Eventarc delivers them in the cloud. A function deployed with
 * `--trigger-topic` gets each message as an HTTP POST: a binary-mode
 * `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent carrying an OIDC token of the
 * trigger's service account. The Pub/Sub emulator's push subscriptions cannot attach tokens, so
 * the stack pulls from one subscription per function and makes that POST itself:
 *
 * - a 2xx answer acknowledges the message;
 * - anything else (or no answer within the function's timeout) leaves it unacknowledged; after
 *   an exponential backoff it is nacked and Pub/Sub redelivers it (at least once, as in the
 *   cloud), unless the function is deployed without `--retry`, whose failed events Eventarc drops:
 *   those are acknowledged after one attempt, with a warning.
 */
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { postEvent } from './event-post';
import type { TokenMinter } from './storage-emulator';

export const PUBSUB_EVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

export interface PubsubTarget {
  functionName: string;
  topic: string;
  /** Where the function is served; also the token's audience. */
  url: string;
  /** Redeliver failed deliveries (the manifest's `retry`). */
  retry: boolean;
  /** How long one delivery may take before it counts as failed (the function's timeout). */
  timeoutMs: number;
}

export interface PubsubDeliveryOptions {
  pubsub: PubSub;
  projectId: string;
  /** The trigger's identity: whose token every delivery carries. */
  serviceAccountEmail: string;
  tokens: TokenMinter;
  targets: readonly PubsubTarget[];
  /** First redelivery delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Messages one function has in hand at once. */
  maxMessages?: number;
}

/** The subscription Eventarc would create for a function's trigger. */
export function subscriptionName(functionName: string): string {
  return `eventarc-${functionName}`;
}

/** The request Eventarc makes for one message: headers without the token, and the body. */
export function messagePublishedRequest(
  projectId: string,
  topic: string,
  subscription: string,
  message: Pick<Message, 'id' | 'data' | 'attributes' | 'publishTime'>,
): { headers: Record<string, string>; body: string } {
  const publishTime = message.publishTime.toISOString();
  return {
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': message.id,
      'ce-type': PUBSUB_EVENT_TYPE,
      'ce-source': `//pubsub.googleapis.com/projects/${projectId}/topics/${topic}`,
      'ce-time': publishTime,
    },
    body: JSON.stringify({
      message: {
        data: message.data.toString('base64'),
        attributes: message.attributes,
        messageId: message.id,
        message_id: message.id,
        publishTime,
        publish_time: publishTime,
      },
      subscription: `projects/${projectId}/subscriptions/${subscription}`,
    }),
  };
}

export class PubsubDelivery {
  private readonly subscriptions: Subscription[] = [];
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;
  /** Per function: messages handed to it, those it accepted (acknowledged), and time spent in its POSTs. */
  readonly counts = new Map<string, { received: number; acked: number; postMs: number }>();

  private constructor(private readonly options: PubsubDeliveryOptions) {}

  /** Creates the topics' subscriptions (pull) and starts delivering. */
  static async start(options: PubsubDeliveryOptions): Promise<PubsubDelivery> {
    const delivery = new PubsubDelivery(options);
    for (const target of options.targets) await delivery.listen(target);
    return delivery;
  }

  private async listen(target: PubsubTarget): Promise<void> {
    const { pubsub } = this.options;
    const name = subscriptionName(target.functionName);
    const existing = pubsub.subscription(name);
    const [exists] = await existing.exists();
    if (exists) await existing.modifyPushConfig({});
    else await pubsub.topic(target.topic).createSubscription(name, { ackDeadlineSeconds: 60 });
    const subscription = pubsub.subscription(name, {
      flowControl: { maxMessages: this.options.maxMessages ?? 10, allowExcessMessages: false },
    });
    subscription.on('message', (message: Message) => void this.deliver(target, name, message));
    subscription.on('error', (err: Error) => {
      console.warn(`[pubsub-delivery] ${name}: ${err.message}`);
    });
    this.subscriptions.push(subscription);
  }

  private async deliver(target: PubsubTarget, subscription: string, message: Message) {
    if (this.stopped) return;
    const count = this.counts.get(target.functionName) ?? { received: 0, acked: 0, postMs: 0 };
    this.counts.set(target.functionName, count);
    count.received += 1;
    const request = messagePublishedRequest(
      this.options.projectId,
      target.topic,
      subscription,
      message,
    );
    const posted = Date.now();
    const failure = await postEvent(target, request, { ...this.options, inFlight: this.inFlight });
    count.postMs += Date.now() - posted;
    if (this.stopped) return;
    const key = `${subscription}/${message.id}`;
    if (failure === undefined) {
      count.acked += 1;
      this.attempts.delete(key);
      message.ack();
      return;
    }
    if (!target.retry) {
      console.warn(
        `[pubsub-delivery] ${target.functionName} refused message ${message.id} (${failure}); dropped: the function is deployed without retry`,
      );
      message.ack();
      return;
    }
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const initial = this.options.initialDelayMs ?? 1000;
    const delay = Math.min(initial * 2 ** (attempt - 1), this.options.maxDelayMs ?? 60_000);
    if (attempt === 1 || attempt % 10 === 0) {
      console.warn(
        `[pubsub-delivery] ${target.functionName} refused message ${message.id} (${failure}); attempt ${attempt}, redelivered in ${delay} ms`,
      );
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) message.nack();
    }, delay);
    this.timers.add(timer);
  }

  /**
   * Creates the subscriptions that are missing through `client` (one that reaches the emulator
   * directly while the functions' own path to it is still shut).
   */
  async createSubscriptions(client: PubSub): Promise<void> {
    for (const target of this.options.targets) {
      const name = subscriptionName(target.functionName);
      const [exists] = await client.subscription(name).exists();
      if (!exists)
        await client.topic(target.topic).createSubscription(name, { ackDeadlineSeconds: 60 });
    }
  }

  /**
   * After the emulator was restarted (empty): drops the streams to the old one and the
   * redeliveries it scheduled, creates the subscriptions again and pulls from them. The topics
   * must exist again first.
   */
  async reconnect(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.attempts.clear();
    const old = this.subscriptions.splice(0);
    // A stream to a dead emulator may not close cleanly; it is dropped either way.
    await Promise.all(
      old.map((s) => {
        s.removeAllListeners('message');
        return Promise.race([
          s.close().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 2000)),
        ]);
      }),
    );
    for (const target of this.options.targets) await this.listen(target);
  }

  /** Stops pulling; unacknowledged messages stay in their subscriptions. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    await Promise.all(this.subscriptions.map((s) => s.close()));
  }
}
