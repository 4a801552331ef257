import { LearnerCollections } from '../learner/model';

/**
 * The statement directory: `users/{uid}/xapiStatements/{statementId}`, one per stored learner
 * event, written once by `indexStatement` when the event is stored. A statement id is a UUIDv5 of
 * its event's id, which cannot be reversed, so a lookup by statement id (`statementId`,
 * `voidedStatementId`) finds the event here. Under the learner, so an account's erasure removes
 * it with their stream.
 */
export const XapiCollections = {
  users: LearnerCollections.users,
  statements: 'xapiStatements',
} as const;

export interface StatementIndexDoc {
  statement_id: string;
  user_id: string;
  event_id: string;
  stored_at: string;
  /**
   * The push to the deployment's LRS, when one is configured: `pushed` once the LRS stored it,
   * `rejected` when the LRS refused it for good (a 4xx other than 409), with its answer.
   */
  push_status?: 'pushed' | 'rejected';
  pushed_at?: string;
  push_attempts?: number;
  push_error?: string;
}
