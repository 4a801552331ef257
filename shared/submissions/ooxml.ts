import { inflateRawSync } from 'node:zlib';
import type { ObjectReader } from './object-reader';

/**
 * Which Office Open XML document a zip is, from the package's own `[Content_Types].xml`, read
 * with a few ranged reads (the end record, the central directory, that one entry) however large
 * the file. Zip libraries here read whole buffers or read entry by entry, which against Cloud
 * Storage is a request per header; only the directory's fixed records are parsed here.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
/** Directories and content-type parts larger than this are not Office documents we accept. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Where the central directory is, from the end record found in the file's tail. */
export function findEndRecord(
  tail: Buffer,
): { directoryOffset: number; directorySize: number } | null {
  for (let at = tail.length - EOCD_MIN; at >= 0; at -= 1) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(at + 20);
    if (at + EOCD_MIN + commentLength !== tail.length) continue;
    return {
      directorySize: tail.readUInt32LE(at + 12),
      directoryOffset: tail.readUInt32LE(at + 16),
    };
  }
  return null;
}

/** The entries a central directory lists; null if it is not one. */
export function parseCentralDirectory(directory: Buffer): ZipEntry[] | null {
  const entries: ZipEntry[] = [];
  let at = 0;
  while (at + 46 <= directory.length) {
    if (directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return at === directory.length ? entries : null;
}

/** The Office type a package's main part declares (e.g. `…wordprocessingml.document.main+xml`). */
const MAIN_PARTS: [string, string][] = [
  [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ],
  [
    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ],
  [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
];

export function ooxmlTypeOf(contentTypesXml: string): string | null {
  for (const [main, type] of MAIN_PARTS) {
    if (
      new RegExp(`ContentType\\s*=\\s*["']${main.replace(/[.+]/g, '\\$&')}["']`).test(
        contentTypesXml,
      )
    )
      return type;
  }
  return null;
}

/** An entry's content from its stored or deflated bytes. */
function inflateEntry(entry: ZipEntry, data: Buffer): Buffer | null {
  if (data.length !== entry.compressedSize) return null;
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(data, { maxOutputLength: MAX_CONTENT_TYPES_BYTES });
  } catch {
    return null;
  }
}

/**
 * The OOXML type of a zip object, or `application/zip` when it is a zip that is no Office
 * document (no content types, or none naming a main part Pathwise knows), or null when the
 * archive is damaged.
 */
export async function zipDocumentType(reader: ObjectReader): Promise<string | null> {
  const tailStart = Math.max(0, reader.size - EOCD_MIN - MAX_COMMENT);
  const tail = await reader.read(tailStart, reader.size - 1);
  const end = findEndRecord(tail);
  if (!end || end.directorySize > MAX_DIRECTORY_BYTES) return null;
  const inTail = end.directoryOffset - tailStart;
  const directory =
    inTail >= 0
      ? tail.subarray(inTail, inTail + end.directorySize)
      : await reader.read(end.directoryOffset, end.directoryOffset + end.directorySize - 1);
  const entries = parseCentralDirectory(directory);
  if (!entries) return null;
  const contentTypes = entries.find((e) => e.name === '[Content_Types].xml');
  if (!contentTypes) return 'application/zip';
  if (contentTypes.compressedSize > MAX_CONTENT_TYPES_BYTES) return null;
  // The local header's own name and extra field lengths say where the data starts.
  const offset = contentTypes.localHeaderOffset;
  const local = await reader.read(offset, offset + 29);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) return null;
  const start = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = await reader.read(start, start + contentTypes.compressedSize - 1);
  const xml = inflateEntry(contentTypes, data);
  if (!xml) return null;
  return ooxmlTypeOf(xml.toString('utf8')) ?? 'application/zip';
}
