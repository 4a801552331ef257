import type { Timestamp } from 'firebase-admin/firestore';
import type { LateArrivalRecord, SubmissionDoc } from '../submissions/model';
import type { MediaKind } from './kinds';

/** The media feature's collections: the library (the media quota is a kind of the upload quotas). */
export const MediaCollections = {
  media: 'media',
} as const;

/**
 * One uploaded file of the media library, named `{folder}/{id}.{ext}` in the uploads bucket.
 *
 *   awaiting_upload ──finalize: size and content agree, scanner clean──► ready
 *         │              │           └──scanner pending──► scan_pending ──clean──► ready
 *         │              └──otherwise, or scanner infected──► rejected (object quarantined)
 *       expiry (the signed URL was never used) ──► expired
 *                                                     │ its PUT, begun in time, lands late and
 *                                                     ▼ the quota has room: checked as above
 */
export type MediaStatus = 'awaiting_upload' | 'scan_pending' | 'ready' | 'rejected' | 'expired';

export interface MediaDoc {
  owner_uid: string;
  kind: MediaKind;
  /** The name the uploader gave; the object is named by the id. */
  file_name: string;
  content_type: string;
  size_bytes: number;
  bucket: string;
  object_path: string;
  resumable: boolean;
  status: MediaStatus;
  expires_at: Timestamp;
  detected_type: string | null;
  generation: string | null;
  md5_hash: string | null;
  /** The malware scanner's answer (the submissions' scan step); null until finalize runs it. */
  scan: SubmissionDoc['scan'];
  rejection_reason: string | null;
  /** Its bytes arrived after the upload expired (as for submissions: `late-arrival.ts`). */
  late_arrival?: LateArrivalRecord;
  created_at: Timestamp;
  uploaded_at: Timestamp | null;
  updated_at: Timestamp;
}
