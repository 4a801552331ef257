import type { ArchivedMark } from '../archives/model';
import type { Timestamp } from 'firebase-admin/firestore';
import type { Grade, ReviewStatus, SubmissionStatus } from './schemas';

/** The submissions feature's collections: files, attempt counters per resource (the upload
 * quotas, shared with media, are quota-store.ts's). */
export const SubmissionCollections = {
  submissions: 'submissions',
  counters: 'submissionCounters',
} as const;

/**
 * A submission is one attempt at an upload resource: one file, never edited after upload.
 *
 *   awaiting_upload ──finalize──► scan_pending ──clean──► uploaded ──review──► approved | rejected
 *         │                            │                      ▲                       │
 *       expiry                     infected                   └── re-review ──────────┘
 *         ▼                            ▼
 *      expired                 rejected_invalid (also: wrong size or type; object quarantined)
 */

export interface ReviewRecord {
  status: ReviewStatus;
  grade: Grade;
  comments: string | null;
  reviewed_by: string;
  reviewed_at: Timestamp;
  /** Reviewed while a newer attempt of the same learner and resource existed. */
  stale_attempt: boolean;
  feedback_file: FeedbackFile | null;
}

/** A reviewer's feedback file: checked like a submission when it arrives. */
export interface FeedbackFile {
  object_path: string;
  file_name: string;
  content_type: string;
  /** Absent on reviews from before feedback files were checked. */
  status?: 'awaiting_upload' | 'uploaded' | 'rejected';
  rejection_reason?: string | null;
}

export interface ReviewHistoryEntry extends ReviewRecord {
  old_status: SubmissionStatus;
  old_grade: Grade | null;
}

export interface SubmissionDoc {
  user_id: string;
  pathway_id: string;
  module_id: string;
  resource_id: string;
  /** Numbered per learner and resource when the file arrives. */
  attempt_number: number | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  notes: string | null;
  bucket: string;
  object_path: string;
  resumable: boolean;
  status: SubmissionStatus;
  expires_at: Timestamp;
  detected_type: string | null;
  actual_size: number | null;
  md5_hash: string | null;
  crc32c: string | null;
  generation: string | null;
  scan: {
    state: 'pending' | 'clean' | 'infected';
    scanner: string;
    at: Timestamp;
    detail: string | null;
  } | null;
  rejection_reason: string | null;
  review: ReviewRecord | null;
  review_history: ReviewHistoryEntry[];
  created_at: Timestamp;
  uploaded_at: Timestamp | null;
  expired_at: Timestamp | null;
  deleted_at: Timestamp | null;
  /** Set when the pathway was deleted: the record is kept, archived with it. */
  archived_with_pathway?: ArchivedMark;
  /**
   * Its file arrived after the upload expired (a PUT begun while its signed URL was valid): the
   * object's generation, when, and why it was refused (null: recorded like a timely arrival).
   */
  late_arrival?: LateArrivalRecord;
  /** An admin deleted the file's bytes (the record stays): who, when, why. */
  file_purge?: { at: Timestamp; by: string; reason: string } | null;
  updated_at: Timestamp;
}

export interface LateArrivalRecord {
  generation: string;
  at: Timestamp;
  refused: string | null;
}

/** Statuses whose file is in place under the submission's object path. */
export const HAS_FILE: readonly SubmissionStatus[] = [
  'scan_pending',
  'uploaded',
  'approved',
  'rejected',
];

export const QUARANTINE_PREFIX = 'quarantine/';
export const FEEDBACK_PREFIX = 'feedback/';

/** `Über Résumé (final).PNG` → `Uber_Resume_final_.PNG`: safe in a path and in a header. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const cleaned = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+/, '');
  if (!cleaned) return 'file';
  if (cleaned.length <= 100) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 100 - ext.length) + ext;
}

/** `20261122T020304Z`: sorts by time, no characters a path dislikes. */
export function compactTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Seed 000's layout: pathways/{pathway}/users/{uid}/resources/{resource}/{timestamp}_{id}_{name}. */
export function submissionObjectPath(args: {
  pathwayId: string;
  userId: string;
  resourceId: string;
  submissionId: string;
  fileName: string;
  at: Date;
}): string {
  return `pathways/${args.pathwayId}/users/${args.userId}/resources/${args.resourceId}/${compactTimestamp(args.at)}_${args.submissionId}_${safeFileName(args.fileName)}`;
}

const OBJECT_PATTERN =
  /^pathways\/([^/]+)\/users\/([^/]+)\/resources\/([^/]+)\/(\d{8}T\d{6}Z)_([A-Za-z0-9]{20})_([^/]+)$/;

export interface ParsedObjectPath {
  pathwayId: string;
  userId: string;
  resourceId: string;
  submissionId: string;
}

export function parseSubmissionObjectPath(name: string): ParsedObjectPath | null {
  const m = OBJECT_PATTERN.exec(name);
  if (!m) return null;
  return {
    pathwayId: m[1] as string,
    userId: m[2] as string,
    resourceId: m[3] as string,
    submissionId: m[5] as string,
  };
}

export function gcsUrl(bucket: string, objectPath: string): string {
  return `https://storage.googleapis.com/${bucket}/${objectPath.split('/').map(encodeURIComponent).join('/')}`;
}
