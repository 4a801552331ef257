import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { Timestamp } from 'firebase-admin/firestore';
import { freePort } from '../../../infra/local/tcp-gate';
import { Outbox, type OutboxEvent } from '../../../shared/platform/outbox';
import { Publisher } from '../../../shared/platform/pubsub';
import {
  accounts,
  deliverEvent,
  documentCreatedEvent,
  forgedTokens,
  pubsubEvent,
  stackToken,
} from '../../helpers/events';
import { collect, type Collector } from '../../helpers/pubsub';
import { db, pubsub, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * The outbox relay: a commit stages its events and nothing else; the stack delivers each new
 * entry to `relayOutbox` as Eventarc does, which publishes the entry's key in order and deletes
 * what it published; the drain picks up what a dead relay left once its lease ran out.
 */
let ordered: Collector<any>;

beforeAll(async () => {
  ordered = await collect('progress-events', { ordered: true });
});

afterAll(async () => {
  await ordered.close();
});

const outbox = () => testServices().outbox;
const docIdOf = (eventId: string) => eventId.replaceAll('/', '|');
const entry = (id: string) => db().collection('outbox').doc(docIdOf(id));
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));
const published = (eventId: string) =>
  ordered.messages.filter((m) => m.data.event_id === eventId).length;

function testEvent(key: string, position: number, n: number): OutboxEvent {
  const id = `test-relay-${key}-${position}-${n}`;
  return {
    id,
    topic: 'progress-events',
    data: { type: 'outbox_test', event_id: id, key, position, n },
    order: { key, position },
  };
}

/** Commits `events` in one batch, as a use case's transaction would. */
async function commit(events: OutboxEvent[]): Promise<void> {
  const batch = db().batch();
  outbox().stage(batch, events);
  await batch.commit();
}

/** An entry a relay claimed and then died holding: created long ago, lease as given. */
async function strandedEntry(id: string, leaseMs: number): Promise<void> {
  await entry(id).set({
    topic: 'progress-events',
    event_id: id,
    data: { type: 'outbox_test', event_id: id },
    key: `event:${id}`,
    seq: 0,
    created_at: Timestamp.fromMillis(Date.now() - 5 * 60_000),
    claimed_until: Timestamp.fromMillis(Date.now() + leaseMs),
    claim: 'a-relay-that-died',
  });
}

const drain = async () =>
  expect((await deliverEvent('drainOutbox', pubsubEvent('outbox-tick', {}))).status).toBe(204);

describe('outbox relay', () => {
  it('publishes one key in commit order, then in staging order, with nobody flushing', async () => {
    const key = `enrollment:${randomUUID()}`;
    for (let position = 1; position <= 12; position += 1) {
      await commit([testEvent(key, position, 0), testEvent(key, position, 1)]);
    }
    await ordered.waitFor((e) => e.key === key && e.position === 12 && e.n === 1);
    const seen = ordered.messages
      .filter((m) => m.data.key === key)
      .map((m) => `${m.data.position}.${m.data.n}`);
    const expected = Array.from({ length: 12 }, (_, i) => [`${i + 1}.0`, `${i + 1}.1`]).flat();
    // At least once: a key relayed twice would repeat a run, never reorder it.
    expect([...new Set(seen)]).toEqual(expected);
    expect(ordered.messages.find((m) => m.data.key === key)?.attributes.sequence).toBe('10000');
    await waitFor(
      async () => (await db().collection('outbox').where('key', '==', key).get()).size,
      (left) => left === 0,
    );
  });

  it("writes a commit's events of one key, and its unkeyed ones, as one entry, published in staging order", async () => {
    const key = `enrollment:${randomUUID()}`;
    const loose: OutboxEvent = {
      id: `test-loose-${randomUUID()}`,
      topic: 'progress-events',
      data: { type: 'outbox_test', key, position: 1, n: 2 },
    };
    loose.data.event_id = loose.id;
    const events = [testEvent(key, 1, 0), testEvent(key, 1, 1), loose];
    await commit(events);
    await ordered.waitFor((e) => e.event_id === loose.id);
    expect(ordered.messages.filter((m) => m.data.key === key).map((m) => m.data.event_id)).toEqual(
      events.map((e) => e.id),
    );
    // In the keyed entry: its sequence is the commit's (an entry of its own would have 0).
    expect(ordered.messages.find((m) => m.data.event_id === loose.id)?.attributes.sequence).toBe(
      '10000',
    );
    await waitFor(
      async () => (await entry(events[0]!.id).get()).exists,
      (exists) => !exists,
    );
  });

  it('publishes an entry once however many relays run for it at once', async () => {
    const event = testEvent(`event:${randomUUID()}`, 1, 0);
    await commit([event]);
    // Ten deliveries to the stack's function (one instance), and five more instances of the relay
    // racing them through their own transactions.
    const instances = Array.from(
      { length: 5 },
      () => new Outbox(db(), testServices().clients.publisher),
    );
    const [answers] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, () =>
          deliverEvent('relayOutbox', documentCreatedEvent(`outbox/${event.id}`)),
        ),
      ),
      Promise.all(instances.map((instance) => instance.relayEntry(docIdOf(event.id)))),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    await ordered.waitFor((e) => e.event_id === event.id);
    await settle();
    expect(published(event.id)).toBe(1);
    expect((await entry(event.id).get()).exists).toBe(false);
  });

  it('relays an entry staged before entries had keys', async () => {
    const id = `test-legacy-${randomUUID()}`;
    await entry(id).set({
      topic: 'progress-events',
      event_id: id,
      data: { type: 'outbox_test', event_id: id },
      created_at: Timestamp.now(),
    });
    await ordered.waitFor((e) => e.event_id === id);
    await waitFor(
      async () => (await entry(id).get()).exists,
      (exists) => !exists,
    );
    expect(published(id)).toBe(1);
  });

  it('takes only the trigger invoker for its own URL', async () => {
    const event = documentCreatedEvent(`outbox/test-nothing-${randomUUID()}`);
    const forged = await forgedTokens('relayOutbox', accounts.triggerInvoker());
    const refused = [
      { token: null, status: 401 },
      { token: forged.selfSigned, status: 401 },
      { token: forged.unsigned, status: 401 },
      { token: await stackToken('relayOutbox', { email: accounts.tasksInvoker() }), status: 403 },
    ];
    for (const { token, status } of refused) {
      expect((await deliverEvent('relayOutbox', event, { token })).status).toBe(status);
    }
    const otherCollection = { ...event, subject: 'documents/enrollments/someone' };
    expect((await deliverEvent('relayOutbox', otherCollection)).status).toBe(204);
  });
});

describe('outbox drain', () => {
  it("respects a live relay's lease, and publishes what it left once the lease ran out", async () => {
    const id = `test-stranded-${randomUUID()}`;
    await strandedEntry(id, 60_000);
    // The stack's own relay for the new entry finds the key held and leaves it.
    await settle();
    await drain();
    await settle();
    expect(published(id)).toBe(0);
    expect((await entry(id).get()).exists).toBe(true);

    await entry(id).update({ claimed_until: Timestamp.fromMillis(Date.now() - 1) });
    await drain();
    await ordered.waitFor((e) => e.event_id === id);
    expect((await entry(id).get()).exists).toBe(false);
    await drain();
    await settle();
    expect(published(id)).toBe(1);
  });

  it('leaves entries younger than its minimum age to their own relay', async () => {
    const id = `test-young-${randomUUID()}`;
    await strandedEntry(id, 60_000);
    await settle();
    await entry(id).update({
      created_at: Timestamp.now(),
      claimed_until: Timestamp.fromMillis(Date.now() - 1),
    });
    await drain();
    await settle();
    expect(published(id)).toBe(0);
    await entry(id).delete();
  });
});

describe('a failed publish', () => {
  it('gives the claim back at once, and the drain then publishes the entry exactly once', async () => {
    // A topic that does not exist yet: every publish to it fails until it is created.
    const topic = `test-outbox-absent-${randomUUID().slice(0, 8)}`;
    const id = `test-unpublished-${randomUUID()}`;
    const key = `event:${id}`;
    await entry(id).set({
      topic,
      event_id: id,
      data: { type: 'outbox_test', event_id: id },
      key,
      seq: 0,
      created_at: Timestamp.fromMillis(Date.now() - 5 * 60_000),
      claimed_until: null,
      claim: null,
    });
    // This relay and the stack's own for the new entry both fail; neither keeps its lease.
    await outbox()
      .relay(key)
      .catch(() => undefined);
    // Well within the 60 s lease a relay that kept its claim would hold.
    await waitFor(
      async () => (await entry(id).get()).data(),
      (e) => e !== undefined && e.claim === null && e.claimed_until === null,
      15_000,
    );

    await pubsub().createTopic(topic);
    const collector = await collect(topic);
    try {
      await drain();
      await collector.waitFor((e) => e.event_id === id);
      await waitFor(
        async () => (await entry(id).get()).exists,
        (exists) => !exists,
      );
      await drain();
      await settle();
      expect(collector.messages.filter((m) => m.data.event_id === id)).toHaveLength(1);
    } finally {
      await collector.close();
      await pubsub().topic(topic).delete();
    }
  });

  it('keeps only the unpublished events of an entry a failure fell inside, and publishes them once later', async () => {
    const topic = `test-outbox-absent-${randomUUID().slice(0, 8)}`;
    const key = `enrollment:${randomUUID()}`;
    const first = testEvent(key, 1, 0);
    const second: OutboxEvent = { ...testEvent(key, 1, 1), topic };
    const third = testEvent(key, 1, 2);
    await commit([first, second, third]);
    // The first event goes out; the second's topic does not exist, so the relay stops there.
    await ordered.waitFor((e) => e.event_id === first.id);
    const left = await waitFor(
      async () => (await entry(first.id).get()).data(),
      (e) => e !== undefined && e.claim === null && e.events?.length === 2,
      15_000,
    );
    expect(left?.events.map((e: { event_id: string }) => e.event_id)).toEqual([
      second.id,
      third.id,
    ]);

    await pubsub().createTopic(topic);
    const collector = await collect(topic);
    try {
      await entry(first.id).update({ created_at: Timestamp.fromMillis(Date.now() - 5 * 60_000) });
      await drain();
      await ordered.waitFor((e) => e.event_id === third.id);
      await waitFor(
        async () => (await entry(first.id).get()).exists,
        (exists) => !exists,
      );
      await drain();
      await settle();
      expect(collector.messages.filter((m) => m.data.event_id === second.id)).toHaveLength(1);
      // The first is not sent again: the entry kept only what came after the failure. The third
      // may have gone out beside the failed second (another topic, published in parallel); it
      // is sent again after it, never before, and consumers take each event id once.
      expect(published(first.id)).toBe(1);
      expect(published(third.id)).toBeGreaterThanOrEqual(1);
    } finally {
      await collector.close();
      await pubsub().topic(topic).delete();
    }
  });

  it('fails within its timeout when Pub/Sub cannot be reached, instead of backing off for a minute', async () => {
    // Ports that accept nothing (freePort: a server's, just closed). gax's own
    // backoff let a 1 s publish fail after up to 12 s (a quarter of them after more than 4 s).
    const budgetMs = 1_000;
    const attempt = async () => {
      const client = new PubSub({
        projectId: 'demo-unreachable',
        apiEndpoint: `localhost:${await freePort()}`,
      });
      const started = Date.now();
      try {
        const publisher = new Publisher(client, budgetMs);
        await expect(
          publisher.publishJson('progress-events', { type: 'x' }, {}, 'k'),
        ).rejects.toThrow();
        return Date.now() - started;
      } finally {
        await client.close();
      }
    };
    const failedAfter = await Promise.all(Array.from({ length: 10 }, attempt));
    // The budget, the capped last backoff (250 ms) and room for a loaded machine.
    for (const ms of failedAfter) expect(ms).toBeLessThan(budgetMs + 3_000);
  }, 15_000);
});
