/**
 * What a file really is, from its first bytes (at most 4 KiB; containers are then opened by
 * inspect.ts). A declared type is accepted only when the content agrees with it.
 */

export const SNIFF_BYTES = 4096;

const startsWith = (buf: Buffer, bytes: number[], offset = 0) =>
  buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function isZip(buf: Buffer): boolean {
  return startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06]);
}

/** UTF-8 without NULs; a multi-byte sequence cut by the sniff window is fine. */
function isText(buf: Buffer, complete: boolean): boolean {
  if (buf.includes(0)) return false;
  let end = buf.length;
  if (!complete) {
    // Drop a trailing partial UTF-8 sequence (at most 3 bytes) cut off by the window.
    for (let back = 1; back <= 3 && back <= buf.length; back += 1) {
      const byte = buf[buf.length - back] as number;
      if ((byte & 0xc0) === 0xc0) {
        end = buf.length - back;
        break;
      }
      if ((byte & 0x80) === 0) break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

function firstNonSpace(buf: Buffer): string | undefined {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  return text.trimStart()[0];
}

/** An OLE compound file (legacy Office); which application's, its directory says (cfb.ts). */
export const CFB_TYPE = 'application/x-cfb';
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** ISO base media `ftyp` major brands that are not MP4 video. */
const FTYP_BRANDS: Record<string, string> = {
  'qt  ': 'video/quicktime',
  avif: 'image/avif',
  avis: 'image/avif',
  heic: 'image/heic',
  heix: 'image/heic',
  mif1: 'image/heif',
  msf1: 'image/heif',
};
/** QuickTime files from before `ftyp` start with one of these atoms. */
const QUICKTIME_ATOMS = ['moov', 'mdat', 'wide', 'pnot'];

/** An EBML variable-length integer at `at`: its value and length, or null if malformed. */
function vint(
  buf: Buffer,
  at: number,
  keepMarker: boolean,
): { value: number; length: number } | null {
  const first = buf[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 8 || at + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i += 1) value = value * 256 + (buf[at + i] as number);
  return { value, length };
}

/** The DocType of an EBML header (`webm`, `matroska`), read element by element. */
function ebmlDocType(head: Buffer): string | null {
  const size = vint(head, 4, false);
  if (!size) return null;
  const end = Math.min(head.length, 4 + size.length + size.value);
  let at = 4 + size.length;
  while (at < end) {
    const id = vint(head, at, true);
    const len = id && vint(head, at + id.length, false);
    if (!id || !len) return null;
    const data = at + id.length + len.length;
    if (id.value === 0x4282)
      return head.toString('latin1', data, data + len.value).replace(/\0+$/, '');
    at = data + len.value;
  }
  return null;
}

/** The MIME type the bytes show, as far as the signatures Pathwise checks can tell. */
export function detectType(head: Buffer, complete: boolean): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('AVI '), 8))
    return 'video/x-msvideo';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, ascii('ftyp'), 4))
    return FTYP_BRANDS[head.toString('latin1', 8, 12)] ?? 'video/mp4';
  if (QUICKTIME_ATOMS.some((atom) => startsWith(head, ascii(atom), 4))) return 'video/quicktime';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    const docType = ebmlDocType(head);
    if (docType === 'webm') return 'video/webm';
    if (docType === 'matroska') return 'video/x-matroska';
    return null;
  }
  if (startsWith(head, CFB_SIGNATURE)) return CFB_TYPE;
  if (isZip(head)) return 'application/zip';
  if (isText(head, complete)) {
    const first = firstNonSpace(head);
    if (first === '{' || first === '[') {
      const text = head.toString('utf8');
      if (first === '{' && /"(cells|nbformat)"/.test(text)) return 'application/x-ipynb+json';
      return 'application/json';
    }
    return 'text/plain';
  }
  return null;
}

const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv', 'text/x-python']);

export interface Verdict {
  ok: boolean;
  detected: string | null;
  reason: string | null;
}

/**
 * Does the content agree with the declared type? `detected` is what the bytes are, containers
 * (zip, OLE) already opened (inspect.ts), so an Office type is judged by its package's own
 * declaration, never by a file name inside it.
 */
export function judgeDeclaredType(declared: string, detected: string | null): Verdict {
  let ok: boolean;
  if (TEXT_TYPES.has(declared)) {
    // Any UTF-8 text is acceptable text: JSON is text too.
    ok =
      detected === 'text/plain' ||
      detected === 'application/json' ||
      detected === 'application/x-ipynb+json';
  } else if (declared === 'application/json') {
    ok = detected === 'application/json' || detected === 'application/x-ipynb+json';
  } else {
    ok = detected === declared;
  }
  return {
    ok,
    detected,
    reason: ok
      ? null
      : `The file is ${detected ? `a ${detected} file` : 'not a recognised format'}, not ${declared}`,
  };
}
