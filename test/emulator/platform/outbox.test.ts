import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { db } from '../../helpers/services';
import { collect, type Collector } from '../../helpers/pubsub';

let events: Collector<any>;

beforeAll(async () => {
  events = await collect('progress-events');
});

afterAll(async () => {
  await events.close();
});

describe('outbox drain', () => {
  it('publishes events a crash left behind, once, and leaves fresh ones to their own flush', async () => {
    const stale = `test-stale-${randomUUID()}`;
    const fresh = `test-fresh-${randomUUID()}`;
    const write = (id: string, ageMs: number) =>
      db()
        .collection('outbox')
        .doc(id)
        .set({
          topic: 'progress-events',
          event_id: id,
          data: { type: 'resource_completed', event_id: id, user_id: 'outbox-test' },
          created_at: Timestamp.fromMillis(Date.now() - ageMs),
        });
    await Promise.all([write(stale, 5 * 60_000), write(fresh, 0)]);

    const drain = async () =>
      expect((await deliverEvent('drainOutbox', pubsubEvent('outbox-tick', {}))).status).toBe(204);
    await drain();
    await events.waitFor((e) => e.event_id === stale);
    expect((await db().collection('outbox').doc(stale).get()).exists).toBe(false);
    expect((await db().collection('outbox').doc(fresh).get()).exists).toBe(true);

    await drain();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.messages.filter((m) => m.data.event_id === stale)).toHaveLength(1);
    expect(events.messages.some((m) => m.data.event_id === fresh)).toBe(false);
    await db().collection('outbox').doc(fresh).delete();
  });
});
