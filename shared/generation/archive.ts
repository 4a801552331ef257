import { unzipSync, type UnzipFileInfo } from 'fflate';
import { invalidArgument } from '../errors';

/** One file of a project's sources: a path relative to the project's root and its bytes. */
export interface SourceFile {
  path: string;
  bytes: Uint8Array;
}

export interface ArchiveLimits {
  maxEntries: number;
  /** Sum of the uncompressed sizes, checked before anything is inflated (zip bombs). */
  maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
};

/**
 * Reads a zip of a repository or a folder of documents. Sizes are checked from the central
 * directory before any entry is inflated; directories are dropped; a single folder that wraps
 * everything (GitHub's `repo-main/`) is removed so paths start at the repository's root.
 */
export function readZip(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS) {
  let entries = 0;
  let total = 0;
  const tooBig: string[] = [];
  const filter = (file: UnzipFileInfo) => {
    if (file.name.endsWith('/')) return false;
    entries += 1;
    total += file.originalSize;
    if (entries > limits.maxEntries) tooBig.push(`more than ${limits.maxEntries} files`);
    if (total > limits.maxTotalBytes)
      tooBig.push(`more than ${limits.maxTotalBytes} bytes uncompressed`);
    return tooBig.length === 0;
  };
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, { filter });
  } catch (error) {
    throw invalidArgument(`The archive is not a readable zip file: ${(error as Error).message}`);
  }
  if (tooBig.length > 0) throw invalidArgument(`The archive is too large: ${tooBig[0]}`);
  const files: SourceFile[] = Object.entries(unzipped).map(([path, data]) => ({
    path,
    bytes: data,
  }));
  return stripWrapper(files);
}

function stripWrapper(files: SourceFile[]): SourceFile[] {
  const first = files[0]?.path.split('/')[0];
  if (first === undefined || files.some((f) => !f.path.startsWith(`${first}/`))) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(first.length + 1) }));
}
