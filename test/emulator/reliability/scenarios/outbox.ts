import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { OutboxEvent } from '../../../../shared/platform/outbox';
import { DocumentTriggers, Topics } from '../../../../shared/triggers';
import { documentCreatedEvent, pubsubEvent } from '../../../helpers/events';
import { collect, type Collector } from '../../../helpers/pubsub';
import { db, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { redeliver, type Scenario } from './scenario';

/** What the outbox published, as a subscriber of the progress topic sees it. */
let published: Promise<Collector<{ event_id: string }>> | undefined;
const seen = () => (published ??= collect(Topics.progressEvents));

export async function closeOutboxCollector(): Promise<void> {
  await (await published)?.close();
}

const outbox = () => db().collection(DocumentTriggers.outboxEntry.collection);

function testEvent(key: string, position: number): OutboxEvent {
  const id = `dup-relay-${randomUUID()}`;
  return {
    id,
    topic: Topics.progressEvents,
    data: { type: 'outbox_test', event_id: id },
    order: { key, position },
  };
}

/** How often each event was published and whether its entry is still there, once settled. */
async function relayed(ids: string[]) {
  const collector = await seen();
  for (const id of ids) await collector.waitFor((m) => m.event_id === id);
  // Long enough for a second publish by a racing relay to arrive as well.
  await new Promise((resolve) => setTimeout(resolve, 700));
  return Promise.all(
    ids.map(async (id) => ({
      published: collector.messages.filter((m) => m.data.event_id === id).length,
      left: (await outbox().doc(id).get()).exists,
    })),
  );
}

export const relayOutbox: Scenario = {
  async prepare() {
    await seen();
    const key = `enrollment:${randomUUID()}`;
    const events = [testEvent(key, 1), testEvent(key, 2)];
    const stage = async (event: OutboxEvent) => {
      const batch = db().batch();
      testServices().outbox.stage(batch, [event]);
      await batch.commit();
    };
    await stage(events[0] as OutboxEvent);
    let staged = false;
    const relay = (event: OutboxEvent) =>
      redeliver('relayOutbox', documentCreatedEvent(`outbox/${event.id}`));
    return {
      deliver: relay(events[0] as OutboxEvent),
      async deliverLater() {
        if (!staged) await stage(events[1] as OutboxEvent);
        staged = true;
        return relay(events[1] as OutboxEvent)();
      },
      observe: () => relayed([(events[0] as OutboxEvent).id]),
    };
  },
};

/** An entry whose relay died: created minutes ago, its lease over. */
async function stranded(): Promise<string> {
  const id = `dup-drain-${randomUUID()}`;
  await outbox()
    .doc(id)
    .set({
      topic: Topics.progressEvents,
      event_id: id,
      data: { type: 'outbox_test', event_id: id },
      key: `event:${id}`,
      seq: 0,
      created_at: Timestamp.fromMillis(Date.now() - 5 * 60_000),
      claimed_until: Timestamp.fromMillis(Date.now() - 1000),
      claim: 'a-relay-that-died',
    });
  return id;
}

export const drainOutbox: Scenario = {
  async prepare() {
    await seen();
    const id = await stranded();
    const tick = redeliver('drainOutbox', pubsubEvent(Topics.outboxTick, {}));
    let later: string | undefined;
    return {
      deliver: tick,
      async deliverLater() {
        later ??= await stranded();
        return redeliver('drainOutbox', pubsubEvent(Topics.outboxTick, {}))();
      },
      async observe() {
        await waitFor(
          async () => (await outbox().doc(id).get()).exists,
          (exists) => !exists,
        );
        return relayed([id]);
      },
    };
  },
};
