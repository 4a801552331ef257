import type { Timestamp } from 'firebase-admin/firestore';

/**
 * The privacy feature's own documents: `accountDeletions/{pseudonym}`, the record that drives an
 * account's erasure step by step (so a crash half-way is finished by a re-run), and
 * `anonymousProgress/{pathway}`, what deleted learners' enrollments leave behind: counts, with
 * nobody's id in them.
 */
export const PrivacyCollections = {
  deletions: 'accountDeletions',
  anonymousProgress: 'anonymousProgress',
} as const;

/** Where data exports are written in the submissions bucket (a lifecycle rule removes them). */
export const EXPORTS_PREFIX = 'exports/';

/**
 * The erasure steps, in the order they run. Signing in is blocked first, so the learner makes no
 * new data meanwhile; the Auth user goes last, because until then its email and name are what
 * free text is searched for, whichever run finishes the job.
 */
export const DELETION_STEPS = [
  'sign_in_blocked',
  'mail',
  'submissions',
  'certificates',
  'media',
  'enrollments',
  'audit',
  'learner_model',
  'profile',
  'auth_user',
] as const;
export type DeletionStep = (typeof DELETION_STEPS)[number];

export interface StepRecord {
  done_at: Timestamp;
  /** Documents the step changed or removed. */
  count: number;
}

export interface DeletionDoc {
  /** The pseudonymous id the account's remaining records carry (also this document's id). */
  pseudonym: string;
  state: 'in_progress' | 'completed';
  requested_by: { pseudonym_or_uid: string; role: string };
  requested_at: Timestamp;
  steps: Partial<Record<DeletionStep, StepRecord>>;
  /** How many times a run picked the deletion up: more than one means a run was interrupted. */
  runs: number;
  completed_at: Timestamp | null;
  updated_at: Timestamp;
}

/** What one enrollment adds to its pathway's anonymous aggregate: counts, no identity. */
export interface ProgressContribution {
  enrollments: number;
  completed_enrollments: number;
  resources_completed: number;
  time_spent_minutes: number;
  quiz_attempts: number;
  certificates_issued: number;
}

/** Deleted learners' progress in one pathway, as counts only: their contributions summed. */
export interface AnonymousProgressDoc extends ProgressContribution {
  pathway_id: string;
  updated_at: Timestamp;
}
