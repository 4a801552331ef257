/** What the XML and JSON API handlers share. */
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Store, StoredObject } from './store';
import type { SessionRegistry } from './uploads';

export interface ApiContext {
  store: Store;
  sessions: SessionRegistry;
  keys: Map<string, KeyObject>;
  projectId: string;
  projectNumber: string;
  /** The emulator's own URL, used in selfLink/mediaLink and event payloads. */
  baseUrl(): string;
}

export interface ParsedUrl {
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
}

/** Where the client reached us, so session URIs point back at the same address. */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

/** Response headers GCS attaches to object reads and writes on both APIs. */
export function objectHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'x-goog-generation': String(object.generation),
    'x-goog-metageneration': String(object.metageneration),
    'x-goog-stored-content-encoding': object.contentEncoding ?? 'identity',
    'x-goog-stored-content-length': String(object.size),
    'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
    'x-goog-storage-class': 'STANDARD',
    ETag: `"${object.md5Hex}"`,
    'Last-Modified': new Date(object.updated).toUTCString(),
  };
  for (const [key, value] of Object.entries(object.metadata ?? {})) {
    headers[`x-goog-meta-${key}`] = /^[\t\x20-\x7e]*$/.test(value)
      ? value
      : encodeURIComponent(value);
  }
  return headers;
}

/** Content headers for a media response, honouring the `response-*` overrides of signed URLs. */
export function contentHeaders(
  object: StoredObject,
  overrides: { contentType?: string; contentDisposition?: string } = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': overrides.contentType ?? object.contentType ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
  };
  const disposition = overrides.contentDisposition ?? object.contentDisposition;
  if (disposition) headers['Content-Disposition'] = disposition;
  if (object.contentEncoding) headers['Content-Encoding'] = object.contentEncoding;
  if (object.contentLanguage) headers['Content-Language'] = object.contentLanguage;
  headers['Cache-Control'] = object.cacheControl ?? 'private, max-age=0';
  return headers;
}
