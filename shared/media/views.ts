import { iso, isoRequired } from '../time';
import type { ResponseOf } from '../use-case';
import type { MediaDoc } from './model';
import type { MediaViewSchema } from './schemas';

/** The stable address a resource's `url` holds: it answers a signed URL to whoever may read it. */
export function mediaUrl(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl}/api/v1/media/${id}/download`;
}

export function mediaFilename(doc: Pick<MediaDoc, 'object_path'>): string {
  return doc.object_path.slice(doc.object_path.lastIndexOf('/') + 1);
}

export function mediaView(
  publicBaseUrl: string,
  id: string,
  doc: MediaDoc,
): ResponseOf<typeof MediaViewSchema> {
  return {
    media_id: id,
    kind: doc.kind,
    filename: mediaFilename(doc),
    file_name: doc.file_name,
    content_type: doc.content_type,
    size_bytes: doc.size_bytes,
    status: doc.status,
    rejection_reason: doc.rejection_reason,
    owner_uid: doc.owner_uid,
    url: mediaUrl(publicBaseUrl, id),
    created_at: isoRequired(doc.created_at),
    uploaded_at: iso(doc.uploaded_at),
  };
}
