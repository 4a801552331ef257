/**
 * What a file really is, from its first bytes (the finalize trigger reads at most 4 KiB).
 * A declared type is accepted only when the content agrees with it.
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

/** The MIME type the bytes show, as far as the signatures Pathwise checks can tell. */
export function detectType(head: Buffer, complete: boolean): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, ascii('ftyp'), 4)) return 'video/mp4';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]))
    return head.includes('webm') ? 'video/webm' : 'video/x-matroska';
  if (isZip(head)) {
    const names = head.toString('latin1');
    if (names.includes('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (names.includes('xl/'))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (names.includes('ppt/'))
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    return 'application/zip';
  }
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

const OOXML_PREFIX = 'application/vnd.openxmlformats-officedocument.';
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv', 'text/x-python']);

export interface Verdict {
  ok: boolean;
  detected: string | null;
  reason: string | null;
}

/** Does the content agree with the declared type? */
export function checkDeclaredType(declared: string, head: Buffer, complete: boolean): Verdict {
  const detected = detectType(head, complete);
  let ok: boolean;
  if (TEXT_TYPES.has(declared)) {
    // Any UTF-8 text is acceptable text: JSON is text too.
    ok =
      detected === 'text/plain' ||
      detected === 'application/json' ||
      detected === 'application/x-ipynb+json';
  } else if (declared === 'application/json') {
    ok = detected === 'application/json' || detected === 'application/x-ipynb+json';
  } else if (declared.startsWith(OOXML_PREFIX)) {
    // The part names that tell the Office formats apart may lie past the sniff window.
    ok =
      detected === declared ||
      (detected === 'application/zip' && head.toString('latin1').includes('[Content_Types].xml'));
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
