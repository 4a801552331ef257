import { randomUUID } from 'node:crypto';
import { v1 } from '@google-cloud/pubsub';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import {
  leaseSeconds,
  PubsubDelivery,
  subscriptionName,
} from '../../../infra/local/pubsub-delivery';
import { PUBSUB_EVENT_TYPE } from '../../../infra/local/pubsub-event';
import { startEventTarget, type EventTarget } from '../../helpers/event-target';
import { pubsub } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * The local stack's Eventarc stand-in for Pub/Sub triggers, against the Pub/Sub emulator and a
 * plain HTTP target: what each delivery looks like, and at-least-once delivery with redelivery
 * after failures (or none, for functions deployed without retry).
 */
const INVOKER = 'pathwise-trigger-invoker@demo-pathwise.iam.gserviceaccount.com';

const TIMEOUT_MS = 5000;

let signer: OidcSigner;
let target: EventTarget;
let subscriber: v1.SubscriberClient;

beforeAll(async () => {
  signer = await createOidcSigner();
  target = await startEventTarget();
  subscriber = new v1.SubscriberClient(
    (await pubsub().getClientConfig()) as ConstructorParameters<typeof v1.SubscriberClient>[0],
  );
});

afterAll(async () => {
  await subscriber.close();
  await target.close();
});

/** The deliveries to `path`, bodies parsed. */
const received = (path: string) =>
  (target.received.get(path) ?? []).map((r) => ({
    headers: r.headers,
    body: JSON.parse(r.body.toString()),
  }));

interface Run {
  topic: string;
  path: string;
  delivery: PubsubDelivery;
  /** The subscription's resource name, for pulling from it directly. */
  subscription: string;
}

async function withDelivery(
  options: { retry?: boolean; refusals?: number; maxMessages?: number; hold?: boolean },
  run: (context: Run) => Promise<void>,
): Promise<void> {
  const name = `delivery-${randomUUID().slice(0, 8)}`;
  const path = `/${name}`;
  target.refuse.set(path, options.refusals ?? 0);
  if (options.hold) target.hold.add(path);
  const [topic] = await pubsub().createTopic(name);
  const delivery = await PubsubDelivery.start({
    pubsub: pubsub(),
    projectId: 'demo-pathwise',
    serviceAccountEmail: INVOKER,
    tokens: (email, audience) => signer.sign(email, audience),
    targets: [
      {
        functionName: name,
        topic: name,
        url: `${target.base}${path}`,
        retry: options.retry ?? true,
        timeoutMs: TIMEOUT_MS,
      },
    ],
    initialDelayMs: 50,
    ...(options.maxMessages ? { maxMessages: options.maxMessages } : {}),
  });
  const subscription = `projects/demo-pathwise/subscriptions/${subscriptionName(name)}`;
  try {
    await run({ topic: name, path, delivery, subscription });
  } finally {
    target.release(path);
    await delivery.stop();
    await pubsub().subscription(subscriptionName(name)).delete();
    await topic.delete();
  }
}

/** What a plain pull from `subscription` gets within a few seconds: message ids and ack ids. */
async function pullDirectly(subscription: string, maxMessages: number) {
  const [response] = await subscriber.pull({ subscription, maxMessages }, { timeout: 3000 });
  return (response.receivedMessages ?? []).map((m) => ({
    id: m.message?.messageId ?? '',
    ackId: m.ackId ?? '',
  }));
}

const publish = (topic: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) => pubsub().topic(topic).publishMessage({ json: { i } })),
  );

const ids = (path: string) => received(path).map((d) => String(d.headers['ce-id']));

describe('Eventarc-style Pub/Sub delivery', () => {
  it('POSTs a messagePublished CloudEvent with the trigger invoker token for the target URL', async () => {
    await withDelivery({}, async ({ topic, path }) => {
      const messageId = await pubsub()
        .topic(topic)
        .publishMessage({ json: { hello: 'world' }, attributes: { kind: 'greeting' } });
      const [delivery] = await waitFor(
        async () => received(path),
        (list) => list.length > 0,
      );
      expect(delivery?.headers).toMatchObject({
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': messageId,
        'ce-type': PUBSUB_EVENT_TYPE,
        'ce-source': `//pubsub.googleapis.com/projects/demo-pathwise/topics/${topic}`,
      });
      expect(delivery?.body).toMatchObject({
        message: {
          messageId,
          attributes: { kind: 'greeting' },
          data: Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64'),
        },
        subscription: `projects/demo-pathwise/subscriptions/${subscriptionName(topic)}`,
      });
      const token = /^Bearer (.+)$/.exec(delivery?.headers.authorization ?? '')?.[1] ?? '';
      const ticket = await new OAuth2Client().verifySignedJwtWithCertsAsync(
        token,
        signer.pemCerts,
        `${target.base}${path}`,
        ['https://accounts.google.com'],
      );
      expect(ticket.getPayload()).toMatchObject({ email: INVOKER, email_verified: true });
    });
  });

  it('redelivers a refused message after a backoff until it is acknowledged, then never again', async () => {
    await withDelivery({ refusals: 2 }, async ({ topic, path }) => {
      const messageId = await pubsub()
        .topic(topic)
        .publishMessage({ json: { n: 1 } });
      await waitFor(
        async () => received(path),
        (list) => list.length >= 3,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const deliveries = received(path);
      expect(deliveries).toHaveLength(3);
      expect(deliveries.map((d) => d.headers['ce-id'])).toEqual([messageId, messageId, messageId]);
    });
  });

  it('drops a refused message after one attempt when the function is deployed without retry', async () => {
    await withDelivery({ retry: false, refusals: 5 }, async ({ topic, path }) => {
      await pubsub()
        .topic(topic)
        .publishMessage({ json: { n: 2 } });
      await waitFor(
        async () => received(path),
        (list) => list.length >= 1,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(received(path)).toHaveLength(1);
    });
  });

  it('takes only as many messages as the function has room for, leased for its timeout; the rest stay available', async () => {
    await withDelivery({ maxMessages: 2, hold: true }, async ({ topic, path, subscription }) => {
      const [metadata] = await pubsub().subscription(subscriptionName(topic)).getMetadata();
      expect(metadata.ackDeadlineSeconds).toBe(leaseSeconds(TIMEOUT_MS));
      const published = await publish(topic, 6);
      await waitFor(
        async () => ids(path),
        (list) => list.length === 2,
      );
      // A streaming pull would have taken all six into its client and leased them.
      const rest = await pullDirectly(subscription, 10);
      expect(rest).toHaveLength(4);
      expect(new Set([...ids(path), ...rest.map((m) => m.id)])).toEqual(new Set(published));
      await subscriber.modifyAckDeadline({
        subscription,
        ackIds: rest.map((m) => m.ackId),
        ackDeadlineSeconds: 0,
      });
      target.release(path);
      await waitFor(
        async () => ids(path),
        (list) => list.length >= 6,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(ids(path).sort()).toEqual([...published].sort());
    });
  });

  it('hands the messages in hand back to Pub/Sub when it stops, for the next puller at once', async () => {
    await withDelivery(
      { maxMessages: 2, hold: true },
      async ({ topic, path, delivery, subscription }) => {
        const published = await publish(topic, 2);
        await waitFor(
          async () => ids(path),
          (list) => list.length === 2,
        );
        await delivery.stop();
        const back = await pullDirectly(subscription, 10);
        expect(back.map((m) => m.id).sort()).toEqual([...published].sort());
        expect(delivery.counts.get(topic)).toMatchObject({ received: 2, acked: 0 });
      },
    );
  });
});
