import { checkDeclaredType, detectType, SNIFF_BYTES } from '../../../shared/submissions/magic';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('magic bytes', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/gif', bytes('GIF89a....')],
    ['image/webp', bytes('RIFF\x00\x00\x00\x00WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['video/mp4', bytes([0, 0, 0, 0x18], 'ftypmp42')],
    ['video/webm', bytes([0x1a, 0x45, 0xdf, 0xa3], '....webm')],
    ['application/zip', bytes('PK\x03\x04', 'notes.txt')],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes('PK\x03\x04', 'word/document.xml'),
    ],
    ['application/json', bytes('  {"a": 1}')],
    ['application/x-ipynb+json', bytes('{"cells": [], "nbformat": 4}')],
    ['text/plain', bytes('plain words')],
  ])('recognises %s', (type, head) => {
    expect(detectType(head, true)).toBe(type);
  });

  it('does not take binary garbage for text', () => {
    expect(detectType(bytes([0x00, 0x01, 0x02]), true)).toBeNull();
    expect(detectType(bytes([0xc3, 0x28]), true)).toBeNull();
  });

  it('accepts text whose last UTF-8 character the sniff window cut in half', () => {
    const head = Buffer.concat([Buffer.alloc(SNIFF_BYTES - 1, 0x61), Buffer.from([0xc3])]);
    expect(detectType(head, false)).toBe('text/plain');
    expect(detectType(head, true)).toBeNull();
  });
});

describe('declared type against content', () => {
  it('refuses a PDF declared as PNG and says what it is', () => {
    expect(checkDeclaredType('image/png', bytes('%PDF-1.4'), true)).toEqual({
      ok: false,
      detected: 'application/pdf',
      reason: 'The file is a application/pdf file, not image/png',
    });
  });

  it('takes any UTF-8 text for text types, and notebooks for JSON', () => {
    expect(checkDeclaredType('text/x-python', bytes('print(1)\n'), true).ok).toBe(true);
    expect(checkDeclaredType('text/csv', bytes('{"looks": "json"}'), true).ok).toBe(true);
    expect(checkDeclaredType('application/json', bytes('{"nbformat": 4}'), true).ok).toBe(true);
    expect(checkDeclaredType('application/json', bytes('not json'), true).ok).toBe(false);
  });

  it('accepts an Office file whose part names lie past the window, when it is an OOXML zip', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(checkDeclaredType(docx, bytes('PK\x03\x04', '[Content_Types].xml'), false).ok).toBe(
      true,
    );
    expect(checkDeclaredType(docx, bytes('PK\x03\x04', 'readme.txt'), false).ok).toBe(false);
  });
});
