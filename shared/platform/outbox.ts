import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
} from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import { countWrites } from './io-stats';
import type { Publisher } from './pubsub';

/**
 * Transactional outbox. An event that must follow a state change is written in the same
 * Firestore transaction as the change, published right after the commit, and deleted once
 * Pub/Sub has it. If the process dies in between, `drain` publishes it later, so a committed
 * change never loses its event. Event ids are deterministic, so consumers see at most one
 * logical event per change even when a message is delivered twice.
 */
export interface OutboxEvent {
  id: string;
  topic: string;
  data: Record<string, unknown>;
}

export const OUTBOX_COLLECTION = 'outbox';

/** Anything that can stage writes: a transaction or a write batch. */
export interface StagingWriter {
  set(ref: DocumentReference, data: DocumentData): unknown;
}

/** Firestore document ids may not contain `/`; event ids are otherwise kept readable. */
function docId(eventId: string): string {
  return eventId.replaceAll('/', '|');
}

export class Outbox {
  constructor(
    private readonly firestore: Firestore,
    private readonly publisher: Publisher,
  ) {}

  private ref(eventId: string): DocumentReference {
    return this.firestore.collection(OUTBOX_COLLECTION).doc(docId(eventId));
  }

  /** Stages events in the transaction or batch that makes the change they report. */
  stage(writer: StagingWriter, events: readonly OutboxEvent[]): void {
    countWrites(events.length);
    for (const event of events) {
      writer.set(this.ref(event.id), {
        topic: event.topic,
        data: event.data,
        event_id: event.id,
        created_at: FieldValue.serverTimestamp(),
      });
    }
  }

  /** Publishes one event to its topic right now, without staging it (re-queued work). */
  publish(event: OutboxEvent): Promise<string> {
    return this.publisher.publishJson(event.topic, event.data, {
      event_id: event.id,
      event_type: String(event.data.type ?? event.topic),
    });
  }

  private async publishStaged(event: OutboxEvent): Promise<void> {
    await this.publish(event);
    await this.ref(event.id).delete();
    countWrites();
  }

  /** Publishes events staged by a committed transaction. Failures stay for the drain. */
  async flush(events: readonly OutboxEvent[]): Promise<void> {
    await Promise.all(
      events.map(async (event) => {
        try {
          await this.publishStaged(event);
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
  async drain(minAgeMs = 60_000, batch = 200): Promise<number> {
    const cutoff = Timestamp.fromMillis(Date.now() - minAgeMs);
    let published = 0;
    for (;;) {
      const snap = await this.firestore
        .collection(OUTBOX_COLLECTION)
        .where('created_at', '<=', cutoff)
        .orderBy('created_at')
        .limit(batch)
        .get();
      if (snap.empty) break;
      for (const doc of snap.docs) {
        const d = doc.data() as { topic: string; data: Record<string, unknown>; event_id: string };
        await this.publishStaged({ id: d.event_id, topic: d.topic, data: d.data });
        published += 1;
      }
      if (snap.size < batch) break;
    }
    if (published > 0) log.info(LogEvent.outboxPublished, 'Outbox drained', { published });
    return published;
  }
}
