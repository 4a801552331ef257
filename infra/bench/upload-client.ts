import { randomUUID } from 'node:crypto';

/**
 * A client's side of the signed-URL upload flow, shared by the benchmarks: open an upload through
 * the API (`POST …/resources/{id}/upload`), then PUT the bytes straight to the signed URL with the
 * headers the API said the signature covers.
 */

/** What the API answers when an upload is opened: where and how to PUT the file. */
export interface OpenedUpload {
  submission_id: string;
  upload: { url: string; headers: Record<string, string> };
}

/** The file a client declares when it opens an upload. */
export interface DeclaredFile {
  file_name: string;
  content_type: string;
  size_bytes: number;
}

/** A small PNG (its signature and IHDR tag, then filler): the image uploads' sample file. */
export const SAMPLE_PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.alloc(64 * 1024 - 16, 7),
]);

export const SAMPLE_PNG_FILE: DeclaredFile = {
  file_name: 'sketch.png',
  content_type: 'image/png',
  size_bytes: SAMPLE_PNG.length,
};

/**
 * The request that opens an upload of `file` for `resourceId`, as the learner with `token`. It
 * carries an `Idempotency-Key` of its own (a fresh one per logical open unless given): sending
 * the same request again on a retry answers the first attempt's upload instead of opening and
 * reserving quota for a second one.
 */
export function openUploadRequest(
  baseUrl: string,
  token: string,
  resourceId: string,
  file: DeclaredFile,
  idempotencyKey: string = randomUUID(),
): [string, RequestInit] {
  return [
    `${baseUrl}/api/v1/users/me/resources/${resourceId}/upload`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(file),
    },
  ];
}

/** The PUT of `bytes` to an opened upload's signed URL. */
export function signedPutRequest(opened: OpenedUpload, bytes: Buffer): [string, RequestInit] {
  return [opened.upload.url, { method: 'PUT', headers: opened.upload.headers, body: bytes }];
}
