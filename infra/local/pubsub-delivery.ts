/**
 * Pub/Sub → event functions, as Eventarc delivers them in the cloud. A function deployed with
 * `--trigger-topic` gets each message as an HTTP POST: a binary-mode
 * `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent carrying an OIDC token of the
 * trigger's service account. The Pub/Sub emulator's push subscriptions cannot attach tokens, so
 * the stack pulls from one subscription per function and makes that POST itself:
 *
 * - messages are pulled (unary pull, long-polled) only while the function has room for them, at
 *   most `maxMessages` at once, so each is in hand only while its POST runs, as with a push. (A
 *   streaming pull buffers whatever the emulator sends in the client, beyond the flow control; on
 *   a backlog those leases ran out while the messages waited, and most were delivered twice.)
 * - the subscription leases a pulled message for Pub/Sub's shortest ack deadline
 *   (`PULL_LEASE_SECONDS`); once its pull's answer is in hand, the lease is extended to cover the
 *   function's timeout (`leaseSeconds`). An answer that arrives after its pull's deadline (a busy
 *   machine) is lost to the client, but Pub/Sub has leased its messages all the same: the short
 *   lease brings them back in seconds, not after the function's timeout.
 * - a 2xx answer acknowledges the message;
 * - anything else (or no answer within the function's timeout) hands it back with an
 *   exponential backoff (its ack deadline set to the delay) and Pub/Sub redelivers it (at least
 *   once, as in the cloud), unless the function is deployed without `--retry`, whose failed
 *   events Eventarc drops: those are acknowledged after one attempt, with a warning.
 */
import { v1, type PubSub } from '@google-cloud/pubsub';
import { GrpcStatus, hasCode } from '../../shared/platform/grpc';
import { postEvent } from './event-post';
import {
  leaseSeconds,
  messagePublishedRequest,
  PULL_LEASE_SECONDS,
  subscriptionName,
  type Received,
} from './pubsub-event';
import type { TokenMinter } from './storage-emulator';

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

/**
 * Per function: messages handed to it, those it accepted, deliveries of a message it had already
 * acknowledged (of its last 10,000), and time spent in its POSTs.
 */
export interface DeliveryCounts {
  received: number;
  acked: number;
  redelivered: number;
  postMs: number;
}

/** How long one pull waits for messages: the emulator answers empty a second before this. */
const POLL_MS = 3000;
/** Acknowledged message ids remembered per function, to count redeliveries. */
const REMEMBERED = 10_000;

type ClientOptions = ConstructorParameters<typeof v1.SubscriberClient>[0];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One function's pull loop: how many messages it holds, and how to wake it when one is done. */
interface Pump {
  target: PubsubTarget;
  name: string;
  /** The subscription's resource name. */
  path: string;
  inHand: number;
  wake: () => void;
  acknowledged: Set<string>;
}

export class PubsubDelivery {
  private subscriber: v1.SubscriberClient;
  private readonly attempts = new Map<string, number>();
  private readonly inFlight = new Set<AbortController>();
  private readonly pumps: Pump[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  readonly counts = new Map<string, DeliveryCounts>();

  private constructor(
    private readonly options: PubsubDeliveryOptions,
    private readonly config: ClientOptions,
  ) {
    this.subscriber = new v1.SubscriberClient(config);
  }

  /** Creates the topics' subscriptions (pull) and starts delivering. */
  static async start(options: PubsubDeliveryOptions): Promise<PubsubDelivery> {
    const config = (await options.pubsub.getClientConfig()) as ClientOptions;
    const delivery = new PubsubDelivery(options, config);
    await delivery.createSubscriptions(options.pubsub);
    for (const target of options.targets) delivery.pump(target);
    return delivery;
  }

  /**
   * Creates the subscriptions that are missing through `client` (one that reaches the emulator
   * directly while the functions' own path to it is still shut), and makes those already there
   * pull subscriptions with the short ack deadline.
   */
  async createSubscriptions(client: PubSub): Promise<void> {
    const ackDeadlineSeconds = PULL_LEASE_SECONDS;
    for (const target of this.options.targets) {
      const name = subscriptionName(target.functionName);
      const existing = client.subscription(name);
      const [exists] = await existing.exists();
      if (exists) await existing.setMetadata({ ackDeadlineSeconds, pushConfig: {} });
      else await client.topic(target.topic).createSubscription(name, { ackDeadlineSeconds });
    }
  }

  private pump(target: PubsubTarget): void {
    const name = subscriptionName(target.functionName);
    this.counts.set(target.functionName, { received: 0, acked: 0, redelivered: 0, postMs: 0 });
    const path = `projects/${this.options.projectId}/subscriptions/${name}`;
    const pump: Pump = { target, name, path, inHand: 0, wake: () => {}, acknowledged: new Set() };
    this.pumps.push(pump);
    this.track(this.pull(pump));
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async pull(pump: Pump): Promise<void> {
    const max = this.options.maxMessages ?? 10;
    let failing = false;
    let late = 0;
    while (!this.stopped) {
      if (pump.inHand >= max) {
        await new Promise<void>((resolve) => (pump.wake = resolve));
        continue;
      }
      const subscriber = this.subscriber;
      let received: Received[];
      try {
        const [response] = await subscriber.pull(
          { subscription: pump.path, maxMessages: max - pump.inHand },
          { timeout: POLL_MS, maxRetries: 0 },
        );
        received = response.receivedMessages ?? [];
        late = 0;
        if (failing) console.warn(`[pubsub-delivery] ${pump.name}: pulling again`);
        failing = false;
      } catch (err) {
        if (this.stopped) return;
        // An answer after the deadline, on a busy machine, is one more poll; a run of them is not.
        late = hasCode(err, GrpcStatus.DEADLINE_EXCEEDED) ? late + 1 : 0;
        if (late > 0 && late < 3) continue;
        if (!failing)
          console.warn(`[pubsub-delivery] ${pump.name}: pull failed (${err}); retrying`);
        failing = true;
        await pause(1000);
        continue;
      }
      // A pull of the old client answered after a reconnect: the answer is the new emulator's
      // (the old one is dead), and the old client cannot acknowledge it. Left alone, its
      // messages go back to the subscription after the short lease.
      if (subscriber !== this.subscriber) continue;
      if (received.length > 0) await this.lease(pump, subscriber, received);
      for (const message of received) {
        pump.inHand += 1;
        this.track(
          this.deliver(pump, subscriber, message).finally(() => {
            pump.inHand -= 1;
            pump.wake();
          }),
        );
      }
    }
  }

  /**
   * Extends the lease of the messages just pulled to cover the function's timeout. If that fails
   * (the emulator busy or gone), they are delivered all the same, and Pub/Sub may deliver them
   * again once the short lease runs out, as it may in the cloud.
   */
  private async lease(pump: Pump, subscriber: v1.SubscriberClient, received: Received[]) {
    const ackIds = received.map((m) => m.ackId ?? '');
    const ackDeadlineSeconds = leaseSeconds(pump.target.timeoutMs);
    await subscriber
      .modifyAckDeadline(
        { subscription: pump.path, ackIds, ackDeadlineSeconds },
        { timeout: POLL_MS, maxRetries: 0 },
      )
      .catch((err: unknown) =>
        console.warn(`[pubsub-delivery] ${pump.name}: lease not extended (${err})`),
      );
  }

  private async deliver(pump: Pump, subscriber: v1.SubscriberClient, received: Received) {
    const { target, name, path: subscription } = pump;
    const ackIds = [received.ackId ?? ''];
    const id = received.message?.messageId ?? '';
    /**
     * Acknowledges the message, or hands it back for redelivery after `ackDeadlineSeconds`; not
     * if it came from an emulator restarted since, which lost it (and numbers messages anew).
     */
    const answer = async (ackDeadlineSeconds?: number): Promise<void> => {
      if (subscriber !== this.subscriber) return;
      await (
        ackDeadlineSeconds === undefined
          ? subscriber.acknowledge({ subscription, ackIds })
          : subscriber.modifyAckDeadline({ subscription, ackIds, ackDeadlineSeconds })
      ).catch((err: unknown) => {
        // Closed by a reconnect meanwhile: the emulator that sent the message is gone.
        if (subscriber === this.subscriber)
          console.warn(`[pubsub-delivery] ${name}: message ${id} not answered (${err})`);
      });
    };
    // Stopping: hand it back at once, for whoever pulls next.
    if (this.stopped) return answer(0);
    const count = this.counts.get(target.functionName) as DeliveryCounts;
    count.received += 1;
    if (pump.acknowledged.has(id)) count.redelivered += 1;
    const request = messagePublishedRequest(this.options.projectId, target.topic, name, received);
    const posted = Date.now();
    const failure = await postEvent(target, request, { ...this.options, inFlight: this.inFlight });
    count.postMs += Date.now() - posted;
    const key = `${name}/${id}`;
    if (failure === undefined) {
      count.acked += 1;
      this.attempts.delete(key);
      if (subscriber === this.subscriber) pump.acknowledged.add(id);
      if (pump.acknowledged.size > REMEMBERED)
        pump.acknowledged.delete(pump.acknowledged.values().next().value as string);
      return answer();
    }
    if (this.stopped) return answer(0);
    if (!target.retry) {
      console.warn(
        `[pubsub-delivery] ${target.functionName} refused message ${id} (${failure}); dropped: the function is deployed without retry`,
      );
      return answer();
    }
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const initial = this.options.initialDelayMs ?? 1000;
    const delay = Math.min(initial * 2 ** (attempt - 1), this.options.maxDelayMs ?? 60_000);
    if (attempt === 1 || attempt % 10 === 0) {
      console.warn(
        `[pubsub-delivery] ${target.functionName} refused message ${id} (${failure}); attempt ${attempt}, redelivered in ${delay} ms`,
      );
    }
    return answer(Math.round(delay / 1000));
  }

  /**
   * After the emulator was restarted (empty): drops the connection to the old one and what it
   * knew of the old one's messages; the pulls go on through a new one. The topics and subscriptions
   * must exist again first, and the new emulator should not yet be reachable, so that no pull of
   * the old client takes its messages.
   */
  async reconnect(): Promise<void> {
    this.attempts.clear();
    // The new emulator numbers its messages from 1 again.
    for (const pump of this.pumps) pump.acknowledged.clear();
    const old = this.subscriber;
    this.subscriber = new v1.SubscriberClient(this.config);
    // A connection to a dead emulator may not close cleanly; it is dropped either way.
    await Promise.race([old.close().catch(() => undefined), pause(2000)]);
  }

  /**
   * Stops pulling: aborts the POSTs under way, hands their messages and those of the last pulls
   * back to Pub/Sub, and waits for all of it. Unacknowledged messages stay in their subscriptions.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const pump of this.pumps) pump.wake();
    for (const controller of this.inFlight) controller.abort();
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.subscriber.close();
  }
}
