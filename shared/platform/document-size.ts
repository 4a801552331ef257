import { Timestamp } from 'firebase-admin/firestore';
import { payloadTooLarge } from '../errors';

/** Firestore's limit on one document, names and values included. */
export const MAX_DOCUMENT_BYTES = 1_048_576;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * A value's storage size as Firestore counts it: strings are their UTF-8 bytes plus one, numbers,
 * timestamps and dates 8, booleans and null 1, maps the sum of their field names (plus one) and
 * values, arrays the sum of their values.
 */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value) + 1;
  if (typeof value === 'number' || value instanceof Timestamp || value instanceof Date) return 8;
  if (Buffer.isBuffer(value)) return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueSize(v), 0);
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).reduce(
      (sum, [key, v]) => (v === undefined ? sum : sum + utf8(key) + 1 + valueSize(v)),
      0,
    );
  }
  return 8;
}

/** A document's size: its name (collection and id segments, plus 16) and its fields, plus 32. */
export function documentSize(path: string, data: Record<string, unknown>): number {
  const name = path.split('/').reduce((sum, segment) => sum + utf8(segment) + 1, 16);
  return name + valueSize(data) + 32;
}

/** Refuses, before any write, a document Firestore could not store: 413 with the limit. */
export function assertDocumentFits(
  what: string,
  path: string,
  data: Record<string, unknown>,
): void {
  const size = documentSize(path, data);
  if (size > MAX_DOCUMENT_BYTES) {
    throw payloadTooLarge(
      `${what} would take ${size} bytes; a document holds at most ${MAX_DOCUMENT_BYTES}`,
      [{ path: 'body', message: `At most ${MAX_DOCUMENT_BYTES} bytes once stored` }],
    );
  }
}
