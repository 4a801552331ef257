import { firestoreDocumentFunction } from '../shared/platform/functions';
import { DocumentTriggers } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * On every stored learner event (Firestore → Eventarc): enters its xAPI statement in the
 * statement directory, so the statements resource finds it by `statementId`. Idempotent: a
 * repeated event finds its entry.
 */
export const indexStatement: FunctionFactory = (s) =>
  firestoreDocumentFunction(
    'indexStatement',
    DocumentTriggers.learnerEvent.pattern,
    async ({ uid, eventId }) => {
      if (!uid || !eventId) return;
      await s.analytics.xapi.index(uid, eventId);
    },
    s.edge,
  );
