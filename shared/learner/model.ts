import { USERS_COLLECTION } from '../users/roles';
import type { LearnerEvent } from './events';

/**
 * The learner model's documents. A learner's event stream is the subcollection
 * `users/{uid}/events/{eventId}`: one small immutable document per event, ids sortable by time
 * (events.ts), so the stream grows by new documents only — no document is written twice, none
 * holds a growing array, and listing in id order is listing in time order with no index.
 */
export const LearnerCollections = {
  users: USERS_COLLECTION,
  events: 'events',
} as const;

/** A stored learner event: the event as validated, and when it was stored. */
export type LearnerEventDoc = LearnerEvent & { stored_at: string };
