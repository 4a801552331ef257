import type { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { AuthorOutline } from './course-outline';
import { Stages, type StageId, type TaskStatus } from './plan';
import type { ProjectStatus } from './status';

/**
 * Seed 002's course projects as stored: `courseProjects/{course_id}` with `stages/{stage}` (the
 * seed's `course_tasks` rows), `sources/{source_id}` (text files sent as JSON) and
 * `units/{hash}` (checkpoints: one computed unit each, named by the hash of its inputs).
 */
export const GenerationCollections = {
  projects: 'courseProjects',
  stages: 'stages',
  sources: 'sources',
  units: 'units',
} as const;

export interface ProjectDoc {
  user_id: string;
  title: string;
  description: string | null;
  status: ProjectStatus;
  repo_url: string | null;
  repo_name: string | null;
  /** An author's outline: a hard constraint on the modules. */
  outline: AuthorOutline | null;
  /** The current generation run; stage messages of any other run are stale. */
  run_id: string | null;
  /** True from a run's admission until it succeeds or fails: bounds concurrent generations. */
  run_active: boolean;
  /** The draft pathway the pipeline writes. */
  pathway_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StageDoc {
  stage: StageId;
  task_id: string;
  status: TaskStatus;
  progress_percentage: number;
  current_step: string;
  error_message: string | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  /** The unit holding the stage's output, once it succeeded. */
  output: string | null;
  /** Units this run's stage computed and reused: what resumption and incremental runs save. */
  units_computed: number;
  units_reused: number;
  /** A few figures about what the stage produced, for the frontend to show on SUCCESS. */
  summary: Record<string, number | string> | null;
}

export interface SourceDoc {
  path: string;
  /** Base64 of the bytes: text arrives as JSON, but the inventory decides what is text. */
  data: string;
  bytes: number;
  content_hash: string;
  created_at: Timestamp;
}

/** A checkpoint. The result is stored as JSON text: its maps are not for querying or indexing. */
export interface UnitDoc {
  kind: string;
  json: string;
  /** Set when the result was too large for one document: it is in `{hash}-part{i}` documents. */
  parts?: number;
  created_at: Timestamp;
}

/** The Pub/Sub message that runs one stage of one run. */
export const StageMessageSchema = z.object({
  type: z.literal('generation_stage'),
  course_id: z.string().min(1).max(128),
  run_id: z.string().min(1).max(64),
  stage: z.enum(Stages),
});
export type StageMessage = z.infer<typeof StageMessageSchema>;
