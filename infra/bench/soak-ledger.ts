/**
 * What the system published during the soak, by event id: every outbox entry on
 * `progress-events` and `learner-events` (seen by a listener on the outbox, by the Publisher as
 * it publishes, and by a last scan of what is left), with the learner-stream entries its
 * consumer must store, and the moments Pub/Sub accepted a publish of it. An entry is committed in
 * the transaction of its change, so these three views together miss none: a committed entry
 * stays in the outbox until a publish of it was accepted.
 */
import type { Firestore } from 'firebase-admin/firestore';
import type { DocumentWatcher } from '../local/firestore-delivery';
import { fromProgressEvent } from '../../shared/learner/from-progress';
import { OUTBOX_COLLECTION } from '../../shared/platform/outbox';
import { eventsOf } from '../../shared/platform/outbox-entries';
import { Publisher } from '../../shared/platform/pubsub';
import { Topics } from '../../shared/triggers';

export const LEDGER_TOPICS = [Topics.progressEvents, Topics.learnerEvents] as const;
export type LedgerTopic = (typeof LEDGER_TOPICS)[number];

export interface StreamEntry {
  uid: string;
  /** The stream document's id: learner event ids are deterministic. */
  id: string;
}

export interface PublishedEvent {
  topic: LedgerTopic;
  id: string;
  /** `resource_completed`, `quiz_attempted`, …: the progress event's type or the learner event's kind. */
  type: string;
  /** What its consumer stores; empty for progress events the learner model does not record. */
  stream: StreamEntry[];
  /** When Pub/Sub accepted a publish of it (ms since the epoch); empty if it never did. */
  acceptedAt: number[];
}

function isLedgerTopic(topic: string): topic is LedgerTopic {
  return (LEDGER_TOPICS as readonly string[]).includes(topic);
}

/** The stream entries the consumer of `topic` stores for a message carrying `data`. */
export function expectedStream(topic: LedgerTopic, data: Record<string, unknown>): StreamEntry[] {
  if (topic === Topics.learnerEvents) return [{ uid: String(data.user_id), id: String(data.id) }];
  return fromProgressEvent(data).events.map((e) => ({ uid: e.user_id, id: e.id }));
}

export class EventLedger {
  readonly events = new Map<string, PublishedEvent>();

  private note(topic: string, id: string, data: Record<string, unknown>): PublishedEvent | null {
    if (!isLedgerTopic(topic)) return null;
    let event = this.events.get(id);
    if (!event) {
      event = {
        topic,
        id,
        type: String(data.type ?? data.kind ?? topic),
        stream: expectedStream(topic, data),
        acceptedAt: [],
      };
      this.events.set(id, event);
    }
    return event;
  }

  /** Notes each event an outbox entry holds (one commit's events of one key). */
  private noteEntry(entry: Record<string, unknown>): void {
    for (const event of eventsOf(entry as Parameters<typeof eventsOf>[0]))
      this.note(event.topic, event.event_id, event.data ?? {});
  }

  /**
   * Notes every outbox entry written from the stack's start on, read when the emulator reports the
   * write. An entry deleted before it is read was published, and its publish was noted
   * (`recordPublishes`). Not a snapshot listener: the emulator resends a listened query's whole
   * result on each change, which a backlogged outbox turns into millions of messages.
   */
  watcher(): DocumentWatcher {
    return {
      id: 'soak-ledger',
      pattern: `${OUTBOX_COLLECTION}/{id}`,
      written: (document) => {
        document
          .get()
          .then((snapshot) => {
            const entry = snapshot.data();
            if (entry) this.noteEntry(entry);
          })
          .catch((error: unknown) => console.error(`outbox entry ${document.id} not read:`, error));
      },
    };
  }

  /**
   * Notes each publish Pub/Sub accepts, with its time. The functions run in this process, so the
   * relay's Publisher is this module's class.
   */
  recordPublishes(): void {
    const publish = Publisher.prototype.publishJson;
    const note = this.note.bind(this);
    Publisher.prototype.publishJson = async function (
      this: Publisher,
      ...args: Parameters<typeof publish>
    ) {
      const result = await publish.apply(this, args);
      const [topic, data, attributes] = args;
      const id = attributes?.event_id;
      if (id) note(topic, id, data as Record<string, unknown>)?.acceptedAt.push(Date.now());
      return result;
    };
  }

  /** Notes what is still in the outbox, and says how many entries that is. */
  async scanOutbox(firestore: Firestore): Promise<number> {
    const snap = await firestore.collection(OUTBOX_COLLECTION).get();
    for (const doc of snap.docs) this.noteEntry(doc.data());
    return snap.size;
  }
}
