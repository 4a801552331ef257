import type { Timestamp } from 'firebase-admin/firestore';

/**
 * How staged events become outbox documents, and how a relay's publish results map back onto
 * them (pure rules of the outbox). One commit writes one entry per key, holding its events in
 * staging order, so a completion that reports three events costs one outbox write, not three.
 */
export interface OutboxEvent {
  id: string;
  topic: string;
  data: Record<string, unknown>;
  /**
   * Events of one key are published in `position` order, then in staging order. Without it an
   * event is ordered with the keyed events of its own commit, or, if there are none, with the
   * other unkeyed events of that commit.
   */
  order?: { key: string; position: number };
}

/** One event inside an entry: what is published, under which id. */
export interface EntryEvent {
  topic: string;
  data: Record<string, unknown>;
  event_id: string;
}

/** An outbox entry as stored: one commit's events of one key. */
export interface OutboxEntry {
  events: EntryEvent[];
  key: string;
  seq: number;
  created_at: Timestamp;
  claimed_until: Timestamp | null;
  claim: string | null;
}

/** An entry written by a release before entries held several events: one event, at the top. */
interface SingleEventEntry {
  topic: string;
  data: Record<string, unknown>;
  event_id: string;
}

/**
 * An entry's sequence is its position × 10,000: entries of earlier releases (one per event,
 * position × 10,000 + place in the commit) still sort among them.
 */
const PER_POSITION = 10_000;

/** Firestore document ids may not contain `/`; event ids are otherwise kept readable. */
export function docId(eventId: string): string {
  return eventId.replaceAll('/', '|');
}

/** The relay's unit of order: an event without one is ordered only with itself. */
export function keyOf(event: OutboxEvent): string {
  return event.order?.key ?? `event:${event.id}`;
}

/**
 * The entries one commit's events become, each with its document id (its first event's, so
 * staging the same events again rewrites the same entry). Unkeyed events ride with the commit's
 * first key: they report the same change, and one entry is one write.
 */
export function entriesOf(
  events: readonly OutboxEvent[],
): { id: string; entry: Omit<OutboxEntry, 'created_at'> }[] {
  const first = events.find((e) => e.order) ?? events[0];
  if (!first) return [];
  const groups = new Map<string, { position: number; events: OutboxEvent[] }>();
  for (const event of events) {
    const owner = event.order ? event : first;
    const key = keyOf(owner);
    const group = groups.get(key) ?? { position: owner.order?.position ?? 0, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => {
    const head = group.events[0] as OutboxEvent;
    return {
      id: docId(head.id),
      entry: {
        events: group.events.map((e) => ({ topic: e.topic, data: e.data, event_id: e.id })),
        key,
        seq: group.position * PER_POSITION,
        claimed_until: null,
        claim: null,
      },
    };
  });
}

/** The events of an entry as stored, whichever release wrote it. */
export function eventsOf(stored: Partial<OutboxEntry> & Partial<SingleEventEntry>): EntryEvent[] {
  if (Array.isArray(stored.events)) return stored.events;
  if (stored.topic && stored.data && stored.event_id)
    return [{ topic: stored.topic, data: stored.data, event_id: stored.event_id }];
  return [];
}

/** Whether another relay holds any of these entries right now. */
export function heldByAnother(entries: readonly Pick<OutboxEntry, 'claimed_until'>[], now: number) {
  return entries.some((e) => e.claimed_until !== null && e.claimed_until.toMillis() > now);
}

/** Events published before the first failure: only those may go, or order would break. */
export function publishedPrefix(results: readonly PromiseSettledResult<unknown>[]): number {
  const first = results.findIndex((r) => r.status === 'rejected');
  return first === -1 ? results.length : first;
}

/**
 * After `published` of the claimed entries' events (in order) went out: the entries to delete,
 * the one entry left with only its unpublished events (if a failure fell inside it), and the
 * untouched rest, whose claim is given back.
 */
export interface Settlement<T> {
  done: T[];
  partly: { entry: T; rest: EntryEvent[] } | null;
  untouched: T[];
}

/** Splits claimed entries by how many of their events, in order, were published. */
export function settlement<T extends { events: readonly EntryEvent[] }>(
  entries: readonly T[],
  published: number,
): Settlement<T> {
  const done: T[] = [];
  let left = published;
  let index = 0;
  for (; index < entries.length; index += 1) {
    const entry = entries[index] as T;
    if (left < entry.events.length) break;
    left -= entry.events.length;
    done.push(entry);
  }
  const cut = entries[index];
  if (!cut || left === 0) return { done, partly: null, untouched: entries.slice(index) };
  return {
    done,
    partly: { entry: cut, rest: cut.events.slice(left) },
    untouched: entries.slice(index + 1),
  };
}
