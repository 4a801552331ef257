import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';

/** Suffix of a file being written; one left behind is from a process that died mid-write. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Writes `contents` to `file` so that a reader, or a process started after this one was killed
 * at any moment, sees the old or the new contents, never part of either: the bytes go to a
 * temporary file that is then renamed over `file` (rename is atomic within a file system).
 */
export function writeAtomically(file: string, contents: string | Buffer): void {
  const temporary = `${file}.${randomUUID()}${TEMPORARY_SUFFIX}`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}
