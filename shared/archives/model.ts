import type { Timestamp } from 'firebase-admin/firestore';

/**
 * A deleted pathway's archive: `pathwayArchives/{pathway}` keeps what the pathway was (title,
 * owner, outline) and what it left behind. Its enrollments and submissions are kept, each marked
 * `archived_with_pathway`, so nothing is orphaned and admins can still find them.
 */
export const PATHWAY_ARCHIVES_COLLECTION = 'pathwayArchives';

export interface ArchivedMark {
  pathway_id: string;
  pathway_title: string;
  deleted_at: Timestamp;
  deleted_by: string;
}

export interface PathwayArchiveDoc {
  pathway_id: string;
  title: string;
  owner_uid: string;
  /** The outline as it was, so archived progress can still be read against it. */
  outline: unknown;
  outline_version: number;
  deleted_at: Timestamp;
  deleted_by: string;
  deleted_modules: number;
  deleted_resources: number;
  /** `archiving` until every enrollment and submission is marked; a repeated delete finishes it. */
  state: 'archiving' | 'archived';
  enrollments: number | null;
  submissions: number | null;
  archived_at: Timestamp | null;
}
