import { firestoreDocumentFunction } from '../shared/platform/functions';
import { DocumentTriggers } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * On every stored learner event (Firestore → Eventarc): folds it into the learner's day and
 * summary documents. Idempotent: a repeated or late event refolds its day from the stream.
 */
export const foldLearnerAnalytics: FunctionFactory = (s) =>
  firestoreDocumentFunction(
    'foldLearnerAnalytics',
    DocumentTriggers.learnerEvent.pattern,
    async ({ uid, eventId }) => {
      if (!uid || !eventId) return;
      // An erased account's late events derive nothing (account deletion removes the days).
      if (await s.learner.erasedAccounts.erased(uid)) return;
      await s.analytics.aggregator.apply(uid, eventId);
    },
    s.edge,
  );
