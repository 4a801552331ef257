import { randomUUID } from 'node:crypto';
import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type Query,
} from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import { countWrites } from './io-stats';
import type { Publisher } from './pubsub';
import { crashPoint } from './faults';
import {
  entriesOf,
  eventsOf,
  heldByAnother,
  publishedPrefix,
  settlement,
  type EntryEvent,
  type Settlement,
  type OutboxEntry,
  type OutboxEvent,
} from './outbox-entries';

/**
 * Transactional outbox. An event that must follow a state change is written in the same
 * Firestore commit as the change; nothing else happens on the request path. A relay publishes
 * committed entries to Pub/Sub and deletes them: in the cloud, a function on each entry's
 * creation (Firestore → Eventarc); locally, the stack delivers the same event; and the scheduled
 * drain picks up whatever a crashed relay left. Event ids are deterministic, so consumers see at
 * most one logical event per change even when a message arrives twice.
 *
 * Order: entries share a key (an enrollment, a pathway) and carry a sequence (the commit's
 * revision, then the position in the commit). The relay claims every pending entry of a key in
 * one transaction and publishes them in sequence order with the key as Pub/Sub ordering key, so
 * one key is relayed by one relay at a time and never out of order.
 */
export { keyOf, type OutboxEntry, type OutboxEvent } from './outbox-entries';

export const OUTBOX_COLLECTION = 'outbox';

/** How long a relay owns the entries it claimed; after that another relay may take them over. */
export const RELAY_LEASE_MS = 60_000;
/** Entries claimed and published per relay round. */
const RELAY_BATCH = 100;

/** Anything that can stage writes: a transaction or a write batch. */
export interface StagingWriter {
  set(ref: DocumentReference, data: DocumentData): unknown;
}

export class Outbox {
  private readonly relaying = new Map<string, { again: boolean }>();

  constructor(
    private readonly firestore: Firestore,
    private readonly publisher: Publisher,
  ) {}

  private ref(id: string): DocumentReference {
    return this.firestore.collection(OUTBOX_COLLECTION).doc(id);
  }

  private pending(key: string): Query {
    return this.firestore
      .collection(OUTBOX_COLLECTION)
      .where('key', '==', key)
      .orderBy('seq')
      .limit(RELAY_BATCH);
  }

  /**
   * Stages events in the transaction or batch that makes the change they report. (The io stats
   * count request-path operations; the relay's own reads and writes happen off it.)
   */
  stage(writer: StagingWriter, events: readonly OutboxEvent[]): void {
    const entries = entriesOf(events);
    countWrites(entries.length);
    for (const { id, entry } of entries) {
      writer.set(this.ref(id), { ...entry, created_at: FieldValue.serverTimestamp() });
    }
  }

  /** Publishes one event to its topic right now, without staging it (re-queued work). */
  publish(event: OutboxEvent): Promise<string> {
    return this.publisher.publishJson(event.topic, event.data, {
      event_id: event.id,
      event_type: String(event.data.type ?? event.topic),
    });
  }

  /** Relays the key of one entry (the relay function's event names the entry it was created as). */
  async relayEntry(entryId: string): Promise<number> {
    const snap = await this.firestore.collection(OUTBOX_COLLECTION).doc(entryId).get();
    // Already published by a relay of the same key, or by the drain: nothing to do.
    if (!snap.exists) return 0;
    return this.relay((snap.get('key') as string | undefined) ?? (await this.giveKey(snap.ref)));
  }

  /**
   * Publishes every pending entry of `key` in sequence order and deletes them, round after
   * round, until none is left. Returns at once if another relay holds the key: that relay looks
   * again after each round, so it also publishes whatever arrived meanwhile.
   */
  async relay(key: string): Promise<number> {
    // One relay per key in this instance: a second asks the running one to look again instead
    // of contending with it for the same entries.
    const running = this.relaying.get(key);
    if (running) {
      running.again = true;
      return 0;
    }
    const state = { again: false };
    this.relaying.set(key, state);
    try {
      let published = 0;
      do {
        state.again = false;
        published += await this.relayRounds(key);
      } while (state.again);
      return published;
    } finally {
      this.relaying.delete(key);
    }
  }

  private async relayRounds(key: string): Promise<number> {
    let published = 0;
    for (;;) {
      // The pending entries come from a plain query; the transaction then reads and claims just
      // those documents. A transactional query would lock the range it read, and with it every
      // commit that stages a new entry. Nothing of the key with a lower sequence can be missing:
      // the commits of one key are serialised (an enrollment's revisions), so an earlier entry
      // is either in the result or already published and deleted.
      const pending = await this.pending(key).get();
      if (pending.empty) return published;
      const claim = randomUUID();
      const claimed = await this.firestore.runTransaction(async (tx) => {
        const snaps = await tx.getAll(...pending.docs.map((d) => d.ref));
        const now = Date.now();
        const stored = snaps
          .filter((d) => d.exists)
          .map((d) => ({ ref: d.ref, ...(d.data() as OutboxEntry) }))
          .sort((x, y) => x.seq - y.seq);
        if (heldByAnother(stored, now)) return null;
        const until = Timestamp.fromMillis(now + RELAY_LEASE_MS);
        for (const entry of stored) tx.update(entry.ref, { claimed_until: until, claim });
        return stored.map((entry) => ({ ...entry, events: eventsOf(entry) }));
      });
      if (!claimed) return published;
      const results = await Promise.allSettled(
        claimed.flatMap((entry) =>
          entry.events.map((event) =>
            this.publisher.publishJson(
              event.topic,
              event.data,
              {
                event_id: event.event_id,
                event_type: String(event.data.type ?? event.topic),
                sequence: String(entry.seq),
              },
              entry.key,
            ),
          ),
        ),
      );
      const sent = publishedPrefix(results);
      if (sent < results.length) {
        await this.settleFailed(settlement(claimed, sent), claim);
        const failure = results[sent] as PromiseRejectedResult;
        throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
      }
      crashPoint('relay.afterPublish', key);
      const batch = this.firestore.batch();
      for (const entry of claimed) batch.delete(entry.ref);
      await batch.commit();
      published += results.length;
    }
  }

  /**
   * Deletes the entries published before a failure, keeps only the unpublished events of an
   * entry the failure fell inside, and gives back the claim on the rest.
   */
  private async settleFailed(
    settled: Settlement<{ ref: DocumentReference; events: EntryEvent[] }>,
    claim: string,
  ): Promise<void> {
    const held = [...(settled.partly ? [settled.partly.entry] : []), ...settled.untouched];
    await this.firestore.runTransaction(async (tx) => {
      const snaps = held.length > 0 ? await tx.getAll(...held.map((e) => e.ref)) : [];
      for (const entry of settled.done) tx.delete(entry.ref);
      for (const snap of snaps) {
        if (!snap.exists || snap.get('claim') !== claim) continue;
        const rest = settled.partly?.entry.ref.isEqual(snap.ref) ? settled.partly.rest : null;
        tx.update(snap.ref, {
          ...(rest ? { events: rest } : {}),
          claimed_until: null,
          claim: null,
        });
      }
    });
  }

  /**
   * An entry staged before entries had keys (by an older release) is given the key of its own
   * event, so the relay can claim it like any other.
   */
  private async giveKey(ref: DocumentReference): Promise<string> {
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const key = snap.get('key') as string | undefined;
      if (key || !snap.exists) return key ?? `event:${ref.id}`;
      const legacy = `event:${String(snap.get('event_id') ?? ref.id)}`;
      tx.update(ref, { key: legacy, seq: 0, claimed_until: null, claim: null });
      return legacy;
    });
  }

  /**
   * The safety net, on a schedule: relays every key with an entry older than `minAgeMs` (its
   * own relay never came, or died holding it; a live relay's claim is respected).
   */
  async drain(minAgeMs = 60_000, batch = 200): Promise<number> {
    const cutoff = Timestamp.fromMillis(Date.now() - minAgeMs);
    const snap = await this.firestore
      .collection(OUTBOX_COLLECTION)
      .where('created_at', '<=', cutoff)
      .orderBy('created_at')
      .limit(batch)
      .get();
    const keys = [
      ...new Set(
        await Promise.all(
          snap.docs.map((d) => (d.get('key') as string | undefined) ?? this.giveKey(d.ref)),
        ),
      ),
    ];
    let published = 0;
    for (const key of keys) {
      try {
        published += await this.relay(key);
      } catch (error) {
        log.warn(LogEvent.outboxPublishFailed, 'Relaying failed; the next drain tries again', {
          key,
          error,
        });
      }
    }
    if (published > 0) log.info(LogEvent.outboxPublished, 'Outbox drained', { published });
    return published;
  }
}
