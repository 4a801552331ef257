import fc from 'fast-check';
import { Timestamp } from 'firebase-admin/firestore';
import {
  entriesOf,
  eventsOf,
  heldByAnother,
  keyOf,
  publishedPrefix,
  settlement,
  type OutboxEvent,
} from '../../../shared/platform/outbox-entries';
import { documentIdFrom } from '../../../shared/platform/functions';
import { collectionOf, documentCreatedHeaders } from '../../../infra/local/firestore-delivery';

const event = (id: string, order?: OutboxEvent['order']): OutboxEvent => ({
  id,
  topic: 'progress-events',
  data: { type: 'resource_completed' },
  ...(order ? { order } : {}),
});

describe('outbox entries', () => {
  it("writes one entry per key for a commit's events, in staging order", () => {
    const entries = entriesOf([
      event('a', { key: 'enrollment:e', position: 7 }),
      event('b', { key: 'enrollment:e', position: 7 }),
      event('c', { key: 'pathway:p', position: 3 }),
    ]);
    expect(entries.map((e) => [e.id, e.entry.key, e.entry.events.map((x) => x.event_id)])).toEqual([
      ['a', 'enrollment:e', ['a', 'b']],
      ['c', 'pathway:p', ['c']],
    ]);
    expect(entries[0]?.entry).toMatchObject({ claimed_until: null, claim: null });
  });

  it('orders entries of a key by commit position, where single-event entries of earlier releases still sort', () => {
    const [seven] = entriesOf([event('a', { key: 'enrollment:e', position: 7 })]);
    const [eight] = entriesOf([event('c', { key: 'enrollment:e', position: 8 })]);
    const legacySecondOfSeven = 7 * 10_000 + 1;
    expect(seven?.entry.seq).toBeLessThan(legacySecondOfSeven);
    expect(legacySecondOfSeven).toBeLessThan(eight?.entry.seq ?? 0);
  });

  it("puts unkeyed events in the entry of the commit's first key, or together when none has one", () => {
    const mixed = entriesOf([
      event('u1'),
      event('a', { key: 'enrollment:e', position: 2 }),
      event('u2'),
    ]);
    expect(mixed).toHaveLength(1);
    expect(mixed[0]?.id).toBe('u1');
    expect(mixed[0]?.entry.key).toBe('enrollment:e');
    expect(mixed[0]?.entry.seq).toBe(2 * 10_000);
    expect(mixed[0]?.entry.events.map((e) => e.event_id)).toEqual(['u1', 'a', 'u2']);
    const loose = entriesOf([event('x'), event('y')]);
    expect(loose.map((e) => [e.entry.key, e.entry.events.length])).toEqual([['event:x', 2]]);
    expect(entriesOf([])).toEqual([]);
  });

  it('names an entry after its first event, with no slash in the document id', () => {
    expect(entriesOf([event('pathway/p1/v2')])[0]?.id).toBe('pathway|p1|v2');
  });

  it('reads the events of an entry of either shape', () => {
    const one = { topic: 't', data: { type: 'x' }, event_id: 'e1' };
    expect(eventsOf({ events: [one] })).toEqual([one]);
    expect(eventsOf({ topic: 't', data: { type: 'x' }, event_id: 'e1' })).toEqual([one]);
    expect(eventsOf({})).toEqual([]);
  });

  it('gives an event without order a key of its own', () => {
    expect(keyOf(event('x'))).toBe('event:x');
    expect(keyOf(event('y'))).not.toBe(keyOf(event('x')));
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

  it('counts the events published before the first failure, in sequence order', () => {
    expect(publishedPrefix([ok, ok, ok])).toBe(3);
    expect(publishedPrefix([ok, failed, ok])).toBe(1);
    expect(publishedPrefix([failed, ok])).toBe(0);
    expect(publishedPrefix([])).toBe(0);
  });
});

describe('settlement', () => {
  const entry = (name: string, count: number) => ({
    name,
    events: Array.from({ length: count }, (_, i) => ({
      topic: 't',
      data: {},
      event_id: `${name}${i}`,
    })),
  });
  const claimed = [entry('a', 2), entry('b', 3), entry('c', 1)];

  it('deletes whole entries published, keeps the unpublished rest of the one cut, releases the others', () => {
    const cut = settlement(claimed, 3);
    expect(cut.done.map((e) => e.name)).toEqual(['a']);
    expect(cut.partly?.entry.name).toBe('b');
    expect(cut.partly?.rest.map((e) => e.event_id)).toEqual(['b1', 'b2']);
    expect(cut.untouched.map((e) => e.name)).toEqual(['c']);
  });

  it('cuts nothing when the failure falls between entries', () => {
    const between = settlement(claimed, 5);
    expect(between.done.map((e) => e.name)).toEqual(['a', 'b']);
    expect(between.partly).toBeNull();
    expect(between.untouched.map((e) => e.name)).toEqual(['c']);
    expect(settlement(claimed, 0)).toEqual({ done: [], partly: null, untouched: claimed });
  });
});

describe('settlement, for any claimed entries and any failure point', () => {
  it('deletes exactly the published events and keeps exactly the rest, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (sizes, pick) => {
          let n = 0;
          const entries = sizes.map((size) => ({
            events: Array.from({ length: size }, () => ({
              topic: 't',
              data: {},
              event_id: `e${n++}`,
            })),
          }));
          const all = entries.flatMap((e) => e.events.map((x) => x.event_id));
          const published = pick % (all.length + 1);
          const { done, partly, untouched } = settlement(entries, published);
          const gone = done.flatMap((e) => e.events.map((x) => x.event_id));
          const kept = [
            ...(partly ? partly.rest.map((x) => x.event_id) : []),
            ...untouched.flatMap((e) => e.events.map((x) => x.event_id)),
          ];
          const cutPublished = partly ? partly.entry.events.length - partly.rest.length : 0;
          expect(gone.length + cutPublished).toBe(published);
          expect([...gone, ...all.slice(gone.length, gone.length + cutPublished), ...kept]).toEqual(
            all,
          );
          expect(partly === null || (partly.rest.length > 0 && cutPublished > 0)).toBe(true);
        },
      ),
    );
  });
});
