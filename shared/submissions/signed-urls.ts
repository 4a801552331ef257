import type { Bucket } from '@google-cloud/storage';
import { safeFileName } from './model';

/**
 * V4 signed URLs for the submissions bucket. Uploads bind the content type, the exact length and
 * "must not exist yet" (so a submission is never overwritten); large files get a signed
 * resumable start instead, which binds the same (the length as `x-upload-content-length`). Every header a URL binds is one the client must send exactly, so the
 * bucket's CORS policy must allow each of them (a test checks it against `SIGNED_REQUEST_HEADERS`).
 */

/** Headers a signed upload asks the client to send, beyond `Content-Type`. */
export const SIGNED_REQUEST_HEADERS = {
  put: ['x-goog-content-length-range', 'x-goog-if-generation-match'],
  resumableStart: ['x-goog-resumable', 'x-goog-if-generation-match', 'x-upload-content-length'],
} as const;

export interface UploadInstructions {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  resumable: boolean;
  expires_at: string;
}

export class UploadSigner {
  constructor(private readonly bucket: Bucket) {}

  async upload(
    objectPath: string,
    contentType: string,
    size: number,
    expires: Date,
    resumable: boolean,
  ): Promise<UploadInstructions> {
    const file = this.bucket.file(objectPath);
    if (resumable) {
      // The session may only ever hold exactly `size` bytes (GCS enforces the declared length).
      const headers = {
        'x-goog-if-generation-match': '0',
        'x-upload-content-length': String(size),
      };
      const [url] = await file.getSignedUrl({
        version: 'v4',
        action: 'resumable',
        expires,
        contentType,
        extensionHeaders: headers,
      });
      return {
        method: 'POST',
        url,
        headers: { 'Content-Type': contentType, 'x-goog-resumable': 'start', ...headers },
        resumable: true,
        expires_at: expires.toISOString(),
      };
    }
    const headers = {
      'x-goog-content-length-range': `${size},${size}`,
      'x-goog-if-generation-match': '0',
    };
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'write',
      expires,
      contentType,
      extensionHeaders: headers,
    });
    return {
      method: 'PUT',
      url,
      headers: { 'Content-Type': contentType, ...headers },
      resumable: false,
      expires_at: expires.toISOString(),
    };
  }

  /**
   * A signed GET of the object under its (sanitised) name: downloaded as an attachment, or shown
   * `inline` (media a page plays or displays).
   */
  async download(
    objectPath: string,
    fileName: string,
    expires: Date,
    disposition: 'attachment' | 'inline' = 'attachment',
  ): Promise<string> {
    const [url] = await this.bucket.file(objectPath).getSignedUrl({
      version: 'v4',
      action: 'read',
      expires,
      responseDisposition: `${disposition}; filename="${safeFileName(fileName)}"`,
    });
    return url;
  }
}
