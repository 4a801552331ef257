import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectType, judgeDeclaredType, SNIFF_BYTES } from '../../../shared/submissions/magic';

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
    ['video/quicktime', bytes([0, 0, 0, 0x14], 'ftypqt  ')],
    ['video/quicktime', bytes([0, 0, 0, 0x08], 'wide')],
    ['image/avif', bytes([0, 0, 0, 0x1c], 'ftypavif')],
    ['video/x-msvideo', bytes('RIFF\x00\x00\x00\x00AVI LIST')],
    ['application/x-cfb', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['application/zip', bytes('PK\x03\x04', 'notes.txt')],
    ['application/zip', bytes('PK\x03\x04', 'word/document.xml')],
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

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/media', name));

describe('media containers from their first bytes', () => {
  it.each([
    ['clip.mp4', 'video/mp4'],
    ['clip.mov', 'video/quicktime'],
    ['clip.mkv', 'video/x-matroska'],
    ['clip.webm', 'video/webm'],
    ['clip.avi', 'video/x-msvideo'],
    ['pic.jpg', 'image/jpeg'],
    ['pic.png', 'image/png'],
    ['pic.gif', 'image/gif'],
    ['pic.webp', 'image/webp'],
  ])('tells %s (made by ffmpeg) is %s', (name, type) => {
    expect(detectType(fixture(name).subarray(0, SNIFF_BYTES), false)).toBe(type);
  });

  it('reads the EBML DocType element, not a "webm" anywhere in the header', () => {
    const mkv = Buffer.from(fixture('clip.mkv'));
    mkv.write('webm', 100, 'latin1');
    expect(detectType(mkv.subarray(0, SNIFF_BYTES), false)).toBe('video/x-matroska');
    expect(detectType(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80]), true)).toBeNull();
  });
});

describe('declared type against content', () => {
  it('refuses a PDF declared as PNG and says what it is', () => {
    expect(judgeDeclaredType('image/png', detectType(bytes('%PDF-1.4'), true))).toEqual({
      ok: false,
      detected: 'application/pdf',
      reason: 'The file is a application/pdf file, not image/png',
    });
  });

  it('takes any UTF-8 text for text types, and notebooks for JSON', () => {
    const judge = (declared: string, text: string) =>
      judgeDeclaredType(declared, detectType(bytes(text), true)).ok;
    expect(judge('text/x-python', 'print(1)\n')).toBe(true);
    expect(judge('text/csv', '{"looks": "json"}')).toBe(true);
    expect(judge('application/json', '{"nbformat": 4}')).toBe(true);
    expect(judge('application/json', 'not json')).toBe(false);
  });

  it('refuses a QuickTime movie declared as MP4', () => {
    expect(judgeDeclaredType('video/mp4', detectType(fixture('clip.mov'), true))).toMatchObject({
      ok: false,
      detected: 'video/quicktime',
    });
  });
});
