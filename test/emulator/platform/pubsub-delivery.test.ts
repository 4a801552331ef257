import { randomUUID } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { PubSub, v1 } from '@google-cloud/pubsub';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import { PubsubDelivery } from '../../../infra/local/pubsub-delivery';
import {
  PUBSUB_EVENT_TYPE,
  PULL_LEASE_SECONDS,
  subscriptionName,
} from '../../../infra/local/pubsub-event';
import { startEventTarget, type EventTarget } from '../../helpers/event-target';
import { pubsub } from '../../helpers/services';
import { until, waitFor } from '../../helpers/wait';

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
  options: {
    retry?: boolean;
    refusals?: number;
    maxMessages?: number;
    hold?: boolean;
    /** The client the delivery pulls through (the emulator's own by default). */
    pubsub?: PubSub;
    timeoutMs?: number;
  },
  run: (context: Run) => Promise<void>,
): Promise<void> {
  const name = `delivery-${randomUUID().slice(0, 8)}`;
  const path = `/${name}`;
  target.refuse.set(path, options.refusals ?? 0);
  if (options.hold) target.hold.add(path);
  const [topic] = await pubsub().createTopic(name);
  const delivery = await PubsubDelivery.start({
    pubsub: options.pubsub ?? pubsub(),
    projectId: 'demo-pathwise',
    serviceAccountEmail: INVOKER,
    tokens: (email, audience) => signer.sign(email, audience),
    targets: [
      {
        functionName: name,
        topic: name,
        url: `${target.base}${path}`,
        retry: options.retry ?? true,
        timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy to the Pub/Sub emulator that holds back what the emulator sends for `delayMs` (in
 * order), as a busy machine does: a pull's answer can then arrive after the pull's deadline.
 */
async function startSlowProxy() {
  const [host, port] = (process.env.PUBSUB_EMULATOR_HOST ?? '').split(':');
  const sockets = new Set<Socket>();
  const proxy = { delayMs: 0, client: undefined as unknown as PubSub, close: async () => {} };
  const server: Server = createServer((client) => {
    const emulator = connect(Number(port), host);
    let tail = Promise.resolve();
    for (const socket of [client, emulator]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => emulator.write(chunk));
    emulator.on('data', (chunk) => {
      const due = Date.now() + proxy.delayMs;
      tail = tail.then(() => pause(due - Date.now())).then(() => void client.write(chunk));
    });
    client.on('close', () => emulator.destroy());
    emulator.on('close', () => void tail.then(() => client.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.client = new PubSub({
    projectId: 'demo-pathwise',
    apiEndpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  proxy.close = async () => {
    await proxy.client.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
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
      await pause(1000);
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
      await pause(1000);
      expect(received(path)).toHaveLength(1);
    });
  });

  it('takes only as many messages as the function has room for; the rest stay available', async () => {
    await withDelivery({ maxMessages: 2, hold: true }, async ({ topic, path, subscription }) => {
      const [metadata] = await pubsub().subscription(subscriptionName(topic)).getMetadata();
      expect(metadata.ackDeadlineSeconds).toBe(PULL_LEASE_SECONDS);
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
      await pause(1000);
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

  it('gets back within seconds a message whose pull answered after its deadline, then leases it for the whole POST', async () => {
    const proxy = await startSlowProxy();
    try {
      // A function with a long timeout: a message lost with its pull's answer would otherwise stay
      // leased to nobody for ten minutes.
      await withDelivery(
        { pubsub: proxy.client, timeoutMs: 540_000, hold: true },
        async ({ topic, path, delivery }) => {
          proxy.delayMs = 4000;
          const [messageId] = await publish(topic, 1);
          // Every answer now comes a second after its pull's deadline: the one with the message too.
          await pause(6000);
          expect(delivery.counts.get(topic)?.received).toBe(0);
          proxy.delayMs = 0;
          await waitFor(
            async () => ids(path),
            (list) => list.length > 0,
          );
          // Held past the short lease: no second delivery while the first POST is under way.
          await pause((PULL_LEASE_SECONDS + 2) * 1000);
          expect(ids(path)).toEqual([messageId]);
          target.release(path);
          await until(() => delivery.counts.get(topic)?.acked === 1);
          expect(delivery.counts.get(topic)).toMatchObject({ received: 1, redelivered: 0 });
        },
      );
    } finally {
      await proxy.close();
    }
  });
});
