import { Timestamp } from 'firebase-admin/firestore';
import {
  heldByAnother,
  keyOf,
  outboxEntry,
  publishedPrefix,
  type OutboxEvent,
} from '../../../shared/platform/outbox';
import { documentIdFrom } from '../../../shared/platform/functions';
import { collectionOf, documentCreatedHeaders } from '../../../infra/local/firestore-delivery';

const event = (id: string, order?: OutboxEvent['order']): OutboxEvent => ({
  id,
  topic: 'progress-events',
  data: { type: 'resource_completed' },
  ...(order ? { order } : {}),
});

describe('outbox entries', () => {
  it('orders a key by commit position first, then by place in the commit', () => {
    const a = outboxEntry(event('a', { key: 'enrollment:e', position: 7 }), 0);
    const b = outboxEntry(event('b', { key: 'enrollment:e', position: 7 }), 1);
    const c = outboxEntry(event('c', { key: 'enrollment:e', position: 8 }), 0);
    expect([a.key, b.key, c.key]).toEqual(['enrollment:e', 'enrollment:e', 'enrollment:e']);
    expect(a.seq).toBeLessThan(b.seq);
    expect(b.seq).toBeLessThan(c.seq);
    expect(a).toMatchObject({ event_id: 'a', claimed_until: null, claim: null });
  });

  it('gives an event without order a key of its own', () => {
    expect(keyOf(event('x'))).toBe('event:x');
    expect(keyOf(event('y'))).not.toBe(keyOf(event('x')));
  });

  it('refuses more events per key in one commit than the sequence has room for', () => {
    expect(() => outboxEntry(event('z', { key: 'k', position: 1 }), 10_000)).toThrow(/At most/);
  });

  it('counts a key as held only while some lease is still running', () => {
    const now = 1_000_000;
    const at = (ms: number) => ({ claimed_until: Timestamp.fromMillis(ms) });
    expect(heldByAnother([{ claimed_until: null }, at(now - 1)], now)).toBe(false);
    expect(heldByAnother([{ claimed_until: null }, at(now + 1)], now)).toBe(true);
    expect(heldByAnother([], now)).toBe(false);
  });
});

describe('document triggers', () => {
  it("reads the created document's id from the event subject, for its own collection only", () => {
    expect(documentIdFrom('documents/outbox/abc', 'outbox/{id}')).toBe('abc');
    expect(documentIdFrom('documents/outbox/a%7Cb', 'outbox/{id}')).toBe('a|b');
    expect(documentIdFrom('documents/enrollments/abc', 'outbox/{id}')).toBeUndefined();
    expect(documentIdFrom('documents/outbox/abc/more/x', 'outbox/{id}')).toBeUndefined();
    expect(documentIdFrom(undefined, 'outbox/{id}')).toBeUndefined();
  });

  it('makes the same event locally that Eventarc delivers for a created document', () => {
    const headers = documentCreatedHeaders('demo', 'outbox/abc', 'e1', new Date(0));
    expect(headers).toMatchObject({
      'ce-type': 'google.cloud.firestore.document.v1.created',
      'ce-subject': 'documents/outbox/abc',
      'ce-document': 'outbox/abc',
      'ce-source': '//firestore.googleapis.com/projects/demo/databases/(default)',
      'ce-id': 'e1',
      'ce-time': '1970-01-01T00:00:00.000Z',
    });
    expect(documentIdFrom(headers['ce-subject'], 'outbox/{id}')).toBe('abc');
  });

  it('delivers only top-level collection patterns', () => {
    expect(collectionOf('outbox/{id}')).toBe('outbox');
    expect(() => collectionOf('users/{uid}/enrollments/{id}')).toThrow(/top-level/);
  });
});

describe('publishedPrefix', () => {
  const ok = { status: 'fulfilled', value: 'id' } as const;
  const failed = { status: 'rejected', reason: new Error('unavailable') } as const;

  it('counts the entries published before the first failure, in sequence order', () => {
    expect(publishedPrefix([ok, ok, ok])).toBe(3);
    expect(publishedPrefix([ok, failed, ok])).toBe(1);
    expect(publishedPrefix([failed, ok])).toBe(0);
    expect(publishedPrefix([])).toBe(0);
  });
});
