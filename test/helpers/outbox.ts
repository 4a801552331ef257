import { eventsOf, type EntryEvent } from '../../shared/platform/outbox-entries';
import { OUTBOX_COLLECTION } from '../../shared/platform/outbox';
import { db } from './services';

/** Every event waiting in the outbox, each with the id of the entry that holds it. */
export async function outboxEvents(): Promise<(EntryEvent & { entry: string })[]> {
  const snap = await db().collection(OUTBOX_COLLECTION).get();
  return snap.docs.flatMap((d) => eventsOf(d.data()).map((e) => ({ ...e, entry: d.id })));
}
