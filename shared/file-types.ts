/**
 * File types Pathwise accepts for submissions. Only types whose content the finalize trigger can
 * check (magic bytes, or UTF-8 text) are allowed, so a declared type is never taken on trust.
 */
export const SUPPORTED_UPLOAD_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'video/mp4',
  'video/webm',
  'text/plain',
  'text/markdown',
  'text/csv',
  'text/x-python',
  'application/json',
  'application/x-ipynb+json',
] as const;

export type UploadType = (typeof SUPPORTED_UPLOAD_TYPES)[number];

export function isSupportedUploadType(value: string): value is UploadType {
  return (SUPPORTED_UPLOAD_TYPES as readonly string[]).includes(value);
}

/** The platform-wide ceiling for one file, whatever a resource says. */
export const MAX_UPLOAD_MB = 50;
export const DEFAULT_UPLOAD_MB = 25;
