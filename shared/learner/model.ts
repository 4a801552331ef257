import { USERS_COLLECTION } from '../users/roles';
import type { Assessment, SkillBreakdown } from './assessments';
import type { LearnerEvent } from './events';
import type { Goal } from './goals';
import type { ModelState, StoredRecommendation } from './model-state';
import type { PathDiff } from './path-diff';
import type { PathTrigger } from './path-triggers';
import type { LearningPath } from './paths';
import type { Skill } from './skills';

/**
 * The learner model's documents. A learner's event stream is the subcollection
 * `users/{uid}/events/{eventId}`: one small immutable document per event, ids sortable by time
 * (events.ts), so the stream grows by new documents only — no document is written twice, none
 * holds a growing array, and listing in id order is listing in time order with no index.
 *
 * Everything else the model derives lives in documents of bounded size: one profile per learner
 * (preferences and the folded state), one document per recommendation, per goal, per path version.
 */
export const LearnerCollections = {
  users: USERS_COLLECTION,
  events: 'events',
  skills: 'skills',
  assessments: 'assessments',
  assessmentAttempts: 'assessmentAttempts',
  goals: 'goals',
  profiles: 'learnerProfiles',
  recommendations: 'recommendations',
  learningPaths: 'learningPaths',
  versions: 'versions',
} as const;

/** A stored learner event: the event as validated, and when it was stored. */
export type LearnerEventDoc = LearnerEvent & { stored_at: string };

/** `skills/{id}`: one entry of the managed skills list. */
export interface SkillDoc extends Skill {
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** `assessments/{id}`: a diagnostic assessment with its answer key (never sent to learners). */
export interface AssessmentDoc extends Assessment {
  owner_uid: string;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

/** `assessmentAttempts/{id}`: one scored attempt; the learner event carries the same answers. */
export interface AssessmentAttemptDoc {
  attempt_id: string;
  user_id: string;
  assessment_id: string;
  title: string;
  answers: Record<string, number[]>;
  score: number;
  max_score: number;
  percentage: number;
  results: { question_id: string; correct: boolean }[];
  skill_breakdown: SkillBreakdown[];
  event_id: string;
  created_at: string;
}

/** `goals/{id}`: the goal as last set; each change is also a `goal_set` event. */
export interface GoalDoc extends Goal {
  user_id: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface Preferences {
  weekly_hours: number;
  timezone: string;
}

/**
 * `learnerProfiles/{uid}`: preferences (written by the learner through the API) and the model
 * state folded from the stream (written only by the event consumer).
 */
export interface ProfileDoc {
  user_id: string;
  preferences?: Preferences;
  model?: ModelState;
  model_updated_at?: string;
  /** The newest event ids the model folded, ascending: tells a late event from a folded one. */
  folded_ids?: string[];
}

/** `recommendations/{id}`: one recommendation with its lifecycle. */
export interface RecommendationDoc extends StoredRecommendation {
  user_id: string;
  /**
   * Set once by the API when it first serves the recommendation open, in the transaction that
   * stages its `recommendation_shown` event; the refold never writes this field.
   */
  shown_at?: string;
}

/** `learningPaths/{uid}_{goal}`: the goal's latest version number; versions below it. */
export interface LearningPathDoc {
  user_id: string;
  goal_id: string;
  latest_version: number;
  updated_at: string;
}

/** `learningPaths/{uid}_{goal}/versions/{n}`: one immutable snapshot and its change from n − 1. */
export interface PathVersionDoc {
  version: number;
  goal_id: string;
  path: LearningPath;
  diff: PathDiff | null;
  /** Absent on versions stored before triggers were recorded: those were requested. */
  trigger?: PathTrigger;
  created_at: string;
}
