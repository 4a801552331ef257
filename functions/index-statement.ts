import { firestoreDocumentFunction } from '../shared/platform/functions';
import { DocumentTriggers } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * On every stored learner event (Firestore → Eventarc): enters its xAPI statement in the
 * statement directory, so the statements resource finds it by `statementId`, and, when the
 * deployment pushes to an LRS, queues the statement's push (a task named by the statement id).
 * Idempotent: a repeated event finds its entry, and its push queued (or queues the push a failed
 * delivery left out).
 */
export const indexStatement: FunctionFactory = (s) =>
  firestoreDocumentFunction(
    'indexStatement',
    DocumentTriggers.learnerEvent.pattern,
    async ({ uid, eventId }) => {
      if (!uid || !eventId) return;
      const outcome = await s.analytics.xapi.index(uid, eventId);
      if (outcome === 'indexed' || outcome === 'duplicate') {
        await s.analytics.lrsPush.enqueue(uid, eventId);
      }
    },
    s.edge,
  );
