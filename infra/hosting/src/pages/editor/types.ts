/**
 * What the pathway editor reads: the catalog's answers for the pathway's staff, as
 * `shared/catalog/schemas.ts`, `quiz-schemas.ts` and `shared/certificates/rules.ts` define them.
 */
import type { ResourceType } from '../../types';

export const RESOURCE_TYPES: ResourceType[] = ['video', 'article', 'exercise', 'project', 'quiz'];

export interface CertificateRules {
  all_required_resources: boolean;
  all_quizzes_passed: boolean;
  min_average_quiz_score: number | null;
  all_submissions_approved: boolean;
  valid_for_days: number | null;
}

export interface EditorPathway {
  id: string;
  title: string;
  description: string | null;
  difficulty: string | null;
  status: 'draft' | 'published' | 'archived';
  owner_uid: string;
  outline_version: number;
  published_at: string | null;
  certificate_rules: CertificateRules;
}

export interface SkillTag {
  skill_id: string;
  level: number;
}
export interface ResourceLearning {
  skills: SkillTag[];
  prerequisites: unknown[];
}

export interface EditorResource {
  id: string;
  type: ResourceType;
  title: string;
  description: string | null;
  url: string | null;
  /** Set when the url is a media library item's. */
  media_id?: string;
  duration_minutes: number;
  required: boolean;
  requires_upload: boolean;
  accepted_file_types?: string[];
  max_file_size_mb?: number;
  order_index: number;
  quiz?: {
    passing_score: number;
    policy: 'highest' | 'latest' | 'first';
    max_attempts: number | null;
    reveal_answers: 'never' | 'after_passing' | 'after_final_attempt';
    question_count: number;
    has_answer_key: boolean;
  };
  learning?: ResourceLearning;
}

export interface EditorQuestion {
  id: string;
  prompt: string;
  options: string[];
  /** The answer key: present for the pathway's editors only. */
  correct?: number[];
  skills?: string[];
  difficulty?: number;
}

export interface EditorResourceDetail extends EditorResource {
  pathway_id: string;
  module_id: string;
  questions?: EditorQuestion[];
}

export interface EditorOutline {
  pathway_id: string;
  modules: {
    module_id: string;
    title: string;
    order_index: number;
    required_count: number | null;
    resources: EditorResource[];
  }[];
}

export interface Skill {
  id: string;
  name: string;
  status: 'active' | 'retired';
}

/** What a module's controls need from the editor page. */
export interface Outliner {
  pathwayId: string;
  /** Runs one change to the outline, reloads the page's data and focuses `focus` (an id) after. */
  change: (work: () => Promise<{ note: string; focus?: string }>) => Promise<boolean>;
  /** A form of its own changed the outline: reload, announce `note`, focus `focus`. */
  changed: (note: string, focus?: string) => void;
}
