import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
} from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import { db } from './firebase';
import { countWrites } from './io-stats';
import { publishJson } from './pubsub';

/**
 * Transactional outbox. An event that must follow a state change is written in the same
 * Firestore transaction as the change, published right after the commit, and deleted once
 * Pub/Sub has it. If the process dies in between, `drainOutbox` publishes it later, so a
 * committed change never loses its event. Event ids are deterministic, so consumers see at
 * most one logical event per change even when a message is delivered twice.
 */
export interface OutboxEvent {
  id: string;
  topic: string;
  data: Record<string, unknown>;
}

const COLLECTION = 'outbox';

/** Firestore document ids may not contain `/`; event ids are otherwise kept readable. */
function docId(eventId: string): string {
  return eventId.replaceAll('/', '|');
}

/** Stages events in the transaction or batch that makes the change they report. */
export function stageEvents(
  tx: { set(ref: DocumentReference, data: DocumentData): unknown },
  events: readonly OutboxEvent[],
): void {
  countWrites(events.length);
  for (const event of events) {
    const ref = db().collection(COLLECTION).doc(docId(event.id));
    const doc = {
      topic: event.topic,
      data: event.data,
      event_id: event.id,
      created_at: FieldValue.serverTimestamp(),
    };
    tx.set(ref, doc);
  }
}

async function publishOne(event: OutboxEvent): Promise<void> {
  await publishJson(event.topic, event.data, {
    event_id: event.id,
    event_type: String(event.data.type ?? event.topic),
  });
  await db().collection(COLLECTION).doc(docId(event.id)).delete();
  countWrites();
}

/** Publishes events staged by a committed transaction. Failures stay in the outbox for the drain. */
export async function flushEvents(events: readonly OutboxEvent[]): Promise<void> {
  await Promise.all(
    events.map(async (event) => {
      try {
        await publishOne(event);
      } catch (error) {
        log.warn(LogEvent.outboxPublishFailed, 'Publishing failed; left for the outbox drain', {
          event_id: event.id,
          topic: event.topic,
          error,
        });
      }
    }),
  );
}

/** Publishes every outbox entry older than `minAgeMs` (those are past their own flush). */
export async function drainOutbox(minAgeMs = 60_000, batch = 200): Promise<number> {
  const cutoff = Timestamp.fromMillis(Date.now() - minAgeMs);
  let published = 0;
  for (;;) {
    const snap = await db()
      .collection(COLLECTION)
      .where('created_at', '<=', cutoff)
      .orderBy('created_at')
      .limit(batch)
      .get();
    if (snap.empty) break;
    for (const doc of snap.docs) {
      const d = doc.data() as { topic: string; data: Record<string, unknown>; event_id: string };
      await publishOne({ id: d.event_id, topic: d.topic, data: d.data });
      published += 1;
    }
    if (snap.size < batch) break;
  }
  if (published > 0) log.info(LogEvent.outboxPublished, 'Outbox drained', { published });
  return published;
}
