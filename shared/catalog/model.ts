import type { Timestamp } from 'firebase-admin/firestore';
import type { CertificateRules } from '../certificates/rules';
import type { PathwayLearning, ResourceLearning } from '../learner/skills';
import type { QuizPolicy, RevealAnswers } from './quiz-schemas';
import type { Difficulty, PathwayStatus, ResourceType, StaffRole } from './schemas';

/**
 * The catalog as stored: `pathways/{id}` (with its denormalised outline), `modules/{id}`,
 * `resources/{id}` (globally unique ids, as seed 000 addresses them) and `quizKeys/{resource}`
 * (answer keys, kept apart so no learner-facing read ever loads them).
 */
export const CatalogCollections = {
  pathways: 'pathways',
  modules: 'modules',
  resources: 'resources',
  quizKeys: 'quizKeys',
} as const;

export interface QuizQuestionDoc {
  id: string;
  prompt: string;
  options: string[];
  /** What the question measures, for the learner model; absent on untagged questions. */
  skills?: string[];
  difficulty?: number;
}

export interface QuizDoc {
  passing_score: number;
  policy: QuizPolicy;
  max_attempts: number | null;
  questions: QuizQuestionDoc[];
  /** Whether `quizKeys/{resource}` holds an answer key: the server scores such quizzes itself. */
  has_answer_key: boolean;
  /** When a learner's attempt may show the correct options; absent means never. */
  reveal_answers?: RevealAnswers;
}

export interface OutlineResource {
  resource_id: string;
  /** An id local to the pathway (seed 001's `chapter-1`), when the author gave one. */
  key?: string;
  type: ResourceType;
  title: string;
  required: boolean;
  duration_minutes: number;
  requires_upload: boolean;
  /** The resource's skill tags and prerequisites, so the learner model reads only the outline. */
  learning?: ResourceLearning;
}

export interface OutlineModule {
  module_id: string;
  title: string;
  /** N of the module's required resources complete it; null means all of them. */
  required_count: number | null;
  resources: OutlineResource[];
}

export interface Outline {
  modules: OutlineModule[];
}

/** People who work on a pathway besides its owner: co-instructors edit and review, reviewers review. */
export interface PathwayStaffMember {
  uid: string;
  role: StaffRole;
  added_by: string;
  added_at: Timestamp;
}

export interface PathwayDoc {
  title: string;
  description: string | null;
  difficulty: Difficulty | null;
  status: PathwayStatus;
  owner_uid: string;
  /** Absent on pathways created before staff existed: nobody but the owner. */
  staff?: PathwayStaffMember[];
  /** The staff's uids, for queries (`array-contains`). */
  staff_uids?: string[];
  outline: Outline;
  outline_version: number;
  /** What earns the pathway's certificate; absent means the defaults (see certificates/rules). */
  certificate_rules?: CertificateRules;
  /** Skills, difficulty, prerequisites and hours for the learner model; absent when untagged. */
  learning?: PathwayLearning | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  archived_at: Timestamp | null;
}

export interface ModuleDoc {
  pathway_id: string;
  title: string;
  description: string | null;
  required_count: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResourceDoc {
  pathway_id: string;
  module_id: string;
  type: ResourceType;
  /** Unique within the pathway; clients that know only the pathway's own ids use it. */
  key?: string | null;
  title: string;
  description: string | null;
  url: string | null;
  duration_minutes: number;
  required: boolean;
  requires_upload: boolean;
  accepted_file_types: string[] | null;
  max_file_size_mb: number | null;
  quiz: QuizDoc | null;
  learning?: ResourceLearning | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QuizKeyDoc {
  pathway_id: string;
  /** Correct option indexes per question id. */
  answers: Record<string, number[]>;
  /**
   * For generated quizzes: per question id, the source text that contains its answer (the
   * generating project's document and character range), so a reviewer can check every key.
   */
  sources?: Record<string, { document_id: string; path: string; start: number; end: number }>;
}

/** A pathway's content documents by id, as a generated draft writes them. */
export interface CatalogContent {
  modules: { id: string; doc: ModuleDoc }[];
  resources: { id: string; doc: ResourceDoc }[];
  quizKeys: { id: string; doc: QuizKeyDoc }[];
}
