import type { ArchivedMark } from '../archives/model';
import type { Timestamp } from 'firebase-admin/firestore';
import type { EnrollmentCertificate } from '../certificates/model';
import type { ResourceStatus } from './status';

/** `enrollments/{uid}_{pathway}` and each enrollment's `quizAttempts` subcollection. */
export const ProgressCollections = {
  enrollments: 'enrollments',
  quizAttempts: 'quizAttempts',
} as const;

/**
 * The progress model: one enrollment document per learner per pathway (`enrollments/{uid}_{pathway}`)
 * holding every touched resource's state and the module and pathway aggregates computed from
 * them and the pathway outline. Resources never touched are absent (not started).
 */

export interface QuizState {
  attempts: number;
  /** Percentages (0–100) of the first, latest and best attempt. */
  first_percentage: number;
  latest_percentage: number;
  best_percentage: number;
  /** The attempt the quiz policy counts. */
  counted_percentage: number;
  counted_score: number;
  counted_max_score: number;
  passed: boolean;
  passed_at: Timestamp | null;
  last_attempt_at: Timestamp;
}

export interface ResourceState {
  status: ResourceStatus;
  progress_percentage: number;
  time_spent_minutes: number;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  /** Last time the learner did anything with it: drives the resume pointer. */
  last_activity_at: Timestamp;
  /** When the learner first touched it (absent on states recorded before this was kept). */
  created_at?: Timestamp;
  last_viewed_at: Timestamp | null;
  view_count: number;
  notes: string | null;
  /** Videos: where to resume playback, and how much was watched. */
  last_position_seconds: number | null;
  watch_time_seconds: number | null;
  quiz: QuizState | null;
  submission_count: number;
  /** The newest submission that counts for this resource (issue: submissions). */
  latest_submission_id: string | null;
}

export interface ModuleAggregate {
  module_progress: number;
  /** Done resources that count toward the module (required ones). */
  done: number;
  /** How many of them the module needs (N of M). */
  target: number;
  completed: boolean;
  completed_at: Timestamp | null;
}

export interface PathwayAggregate {
  pathway_progress: number;
  required_done: number;
  required_total: number;
  completed_modules: number;
  total_modules: number;
  total_time_spent_minutes: number;
  /** First completion; kept when content added later reopens work. */
  completed_at: Timestamp | null;
  completed_on_version: number | null;
}

export interface ResumePointer {
  module_id: string;
  resource_id: string;
}

/**
 * Every quiz attempt a learner made on one quiz, kept across resets: attempt limits and attempt
 * numbers rest on it, and the last attempt's fingerprint makes a repeated submission count once.
 */
export interface QuizHistory {
  attempts: number;
  last_attempt_id: string;
  last_fingerprint: string;
  last_attempt_at: Timestamp;
}

export interface EnrollmentDoc {
  user_id: string;
  pathway_id: string;
  enrolled_at: Timestamp;
  started_at: Timestamp | null;
  last_accessed_at: Timestamp | null;
  /** The outline version the aggregates were computed against. */
  outline_version: number;
  /** Increments on every write; makes event ids deterministic. */
  revision: number;
  resources: Record<string, ResourceState>;
  modules: Record<string, ModuleAggregate>;
  pathway: PathwayAggregate;
  resume: ResumePointer | null;
  resets: { at: Timestamp; by: string; cleared_resources: number; cleared_quiz_attempts: number }[];
  /** Per quiz resource; absent on enrollments from before attempts outlived resets. */
  quiz_history?: Record<string, QuizHistory>;
  /** Set when the pathway was deleted: the record is kept, archived with it. */
  archived_with_pathway?: ArchivedMark;
  /** The pathway's certificate for this learner, once one is being or was issued. */
  certificate?: EnrollmentCertificate;
  updated_at: Timestamp;
}

export function enrollmentId(userId: string, pathwayId: string): string {
  return `${userId}_${pathwayId}`;
}

export function isDone(state: ResourceState | undefined): boolean {
  return state?.status === 'completed' || state?.status === 'submitted';
}

export function emptyResourceState(now: Timestamp): ResourceState {
  return {
    status: 'not_started',
    progress_percentage: 0,
    time_spent_minutes: 0,
    started_at: null,
    completed_at: null,
    last_activity_at: now,
    last_viewed_at: null,
    view_count: 0,
    notes: null,
    last_position_seconds: null,
    watch_time_seconds: null,
    quiz: null,
    submission_count: 0,
    latest_submission_id: null,
  };
}

/** Attempts used on a quiz so far, resets included. */
export function attemptsUsed(enrollment: EnrollmentDoc, resourceId: string): number {
  return Math.max(
    enrollment.quiz_history?.[resourceId]?.attempts ?? 0,
    enrollment.resources[resourceId]?.quiz?.attempts ?? 0,
  );
}
