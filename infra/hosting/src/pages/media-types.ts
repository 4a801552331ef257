/** The media API's answers (`shared/media/schemas.ts`), the fields the library page shows. */
export type MediaKind = 'video' | 'image' | 'document';
export type MediaStatus = 'awaiting_upload' | 'scan_pending' | 'ready' | 'rejected' | 'expired';

export interface MediaItem {
  media_id: string;
  kind: MediaKind;
  /** `{id}.{ext}`: what the delete path takes. */
  filename: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  status: MediaStatus;
  rejection_reason: string | null;
  owner_uid: string;
  created_at: string;
  uploaded_at: string | null;
}

export interface MediaList {
  media: MediaItem[];
  next_page_token: string | null;
}

export interface MediaLink {
  signed_url: string;
  content_type: string;
  file_name: string;
}
