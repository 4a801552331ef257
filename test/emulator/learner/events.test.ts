import { randomUUID } from 'node:crypto';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { db } from '../../helpers/services';

/** A `progress-events` message as progress publishes it (shared/progress/events.ts). */
function progressMessage(userId: string, resourceId: string, minute: number) {
  const enrollment = `${userId}_demo-${randomUUID()}`;
  return {
    type: 'resource_completed',
    event_id: `resource_completed:${enrollment}:${resourceId}:1`,
    user_id: userId,
    pathway_id: 'foundations-image-gen',
    module_id: 'foundations-image-gen-m1',
    resource_id: resourceId,
    old: { status: 'in_progress' },
    new: { status: 'completed' },
    outline_version: 1,
    request_id: `req-${randomUUID()}`,
    event_time: new Date(Date.UTC(2026, 0, 15, 9, minute)).toISOString(),
  };
}

async function storedCount(userId: string): Promise<number> {
  return (await db().collection('users').doc(userId).collection('events').count().get()).data()
    .count;
}

describe('the learner event stream', () => {
  let learner: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    [learner, other] = await Promise.all([createUser('learner'), createUser('learner')]);
  });

  it('stores a progress event once under duplicate and concurrent delivery', async () => {
    const message = progressMessage(learner.uid, 'r-dup', 0);
    const first = await deliverEvent('onProgressEvent', pubsubEvent('progress-events', message));
    expect(first.status).toBe(204);
    const again = await Promise.all(
      [1, 2, 3].map(() => deliverEvent('onProgressEvent', pubsubEvent('progress-events', message))),
    );
    expect(again.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(await storedCount(learner.uid)).toBe(1);

    const listed = await api(learner.token).get('/api/v1/users/me/events');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      events: [
        {
          id: expect.stringMatching(/^20260115T090000\.000Z_completed_[0-9a-f]{16}$/),
          user_id: learner.uid,
          kind: 'completed',
          occurred_at: '2026-01-15T09:00:00.000Z',
          source: { type: 'progress_event', id: message.event_id },
          data: {
            scope: 'resource',
            pathway_id: 'foundations-image-gen',
            module_id: 'foundations-image-gen-m1',
            resource_id: 'r-dup',
          },
          stored_at: expect.any(String),
        },
      ],
      next_page_token: null,
    });
  });

  it('pages the stream in time order, whatever order the events arrived in', async () => {
    const messages = [3, 1, 2].map((minute) => progressMessage(learner.uid, `r-${minute}`, minute));
    for (const m of messages)
      expect(
        (await deliverEvent('onProgressEvent', pubsubEvent('progress-events', m))).status,
      ).toBe(204);
    const client = api(learner.token);
    const first = await client.get('/api/v1/users/me/events?limit=2');
    expect(first.body.events.map((e: any) => e.data.resource_id)).toEqual(['r-dup', 'r-1']);
    expect(first.body.next_page_token).toEqual(expect.any(String));
    const rest = await client.get(
      `/api/v1/users/me/events?limit=2&page_token=${first.body.next_page_token}`,
    );
    expect(rest.body.events.map((e: any) => e.data.resource_id)).toEqual(['r-2', 'r-3']);
    expect(rest.body.next_page_token).toBeNull();
    const bad = await client.get('/api/v1/users/me/events?page_token=not-ours');
    expect(bad.status).toBe(400);
  });

  it('shows each learner only their own stream', async () => {
    const theirs = await api(other.token).get('/api/v1/users/me/events');
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ events: [], next_page_token: null });
    expect((await api().get('/api/v1/users/me/events')).status).toBe(401);
  });

  it('drops a message of an unknown type and stores nothing', async () => {
    const message = { ...progressMessage(other.uid, 'r-x', 5), type: 'resource_bookmarked' };
    const delivered = await deliverEvent(
      'onProgressEvent',
      pubsubEvent('progress-events', message),
    );
    expect(delivered.status).toBe(204);
    expect(await storedCount(other.uid)).toBe(0);
  });

  it('refuses a delivery without the trigger invoker’s token and stores nothing', async () => {
    const message = progressMessage(other.uid, 'r-y', 6);
    const delivered = await deliverEvent(
      'onProgressEvent',
      pubsubEvent('progress-events', message),
      {
        token: null,
      },
    );
    expect(delivered.status).toBe(401);
    expect(await storedCount(other.uid)).toBe(0);
  });

  it('receives a real completion through the outbox relay and Pub/Sub', async () => {
    const client = api(learner.token);
    const done = await client.post('/api/v1/users/me/resources/foundations-image-gen-r1/complete');
    expect(done.status).toBe(200);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const page = await client.get('/api/v1/users/me/events?limit=100');
      const found = page.body.events.find(
        (e: any) => e.kind === 'completed' && e.data.resource_id === 'foundations-image-gen-r1',
      );
      if (found) {
        expect(found.source.id).toMatch(/^resource_completed:/);
        break;
      }
      if (Date.now() > deadline) throw new Error('the completion never reached the stream');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
