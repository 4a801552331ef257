import { firestoreFunction } from '../shared/platform/functions';
import { DocumentTriggers } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * On every outbox entry a commit creates (Firestore → Eventarc): publishes the pending events of
 * its key, in order, and deletes them. The request that made the change never waits for Pub/Sub.
 */
export const relayOutbox: FunctionFactory = (s) =>
  firestoreFunction(
    'relayOutbox',
    DocumentTriggers.outboxEntry.pattern,
    async (entryId) => {
      await s.outbox.relayEntry(entryId);
    },
    s.edge,
  );
