import { randomUUID } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import {
  PUBSUB_EVENT_TYPE,
  PubsubDelivery,
  subscriptionName,
} from '../../../infra/local/pubsub-delivery';
import { startEventTarget, type EventTarget } from '../../helpers/event-target';
import { pubsub } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * The local stack's Eventarc stand-in for Pub/Sub triggers, against the Pub/Sub emulator and a
 * plain HTTP target: what each delivery looks like, and at-least-once delivery with redelivery
 * after failures (or none, for functions deployed without retry).
 */
const INVOKER = 'pathwise-trigger-invoker@demo-pathwise.iam.gserviceaccount.com';

let signer: OidcSigner;
let target: EventTarget;

beforeAll(async () => {
  signer = await createOidcSigner();
  target = await startEventTarget();
});

afterAll(async () => {
  await target.close();
});

/** The deliveries to `path`, bodies parsed. */
const received = (path: string) =>
  (target.received.get(path) ?? []).map((r) => ({
    headers: r.headers,
    body: JSON.parse(r.body.toString()),
  }));

async function withDelivery(
  retry: boolean,
  refusals: number,
  run: (topic: string, path: string) => Promise<void>,
): Promise<void> {
  const name = `delivery-${randomUUID().slice(0, 8)}`;
  const path = `/${name}`;
  target.refuse.set(path, refusals);
  const [topic] = await pubsub().createTopic(name);
  const delivery = await PubsubDelivery.start({
    pubsub: pubsub(),
    projectId: 'demo-pathwise',
    serviceAccountEmail: INVOKER,
    tokens: (email, audience) => signer.sign(email, audience),
    targets: [
      { functionName: name, topic: name, url: `${target.base}${path}`, retry, timeoutMs: 5000 },
    ],
    initialDelayMs: 50,
  });
  try {
    await run(name, path);
  } finally {
    await delivery.stop();
    await pubsub().subscription(subscriptionName(name)).delete();
    await topic.delete();
  }
}

describe('Eventarc-style Pub/Sub delivery', () => {
  it('POSTs a messagePublished CloudEvent with the trigger invoker token for the target URL', async () => {
    await withDelivery(true, 0, async (topic, path) => {
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
    await withDelivery(true, 2, async (topic, path) => {
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
    await withDelivery(false, 5, async (topic, path) => {
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
});
