import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { detectObjectType, inspectObject } from '../../../shared/submissions/inspect';
import { bufferReader, type ObjectReader } from '../../../shared/submissions/object-reader';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/media', name));
const ppt = () => gunzipSync(fixture('slides.ppt.gz'));

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** A reader that records how many bytes each check asked for. */
function countingReader(bytes: Buffer): ObjectReader & { bytesRead: number; reads: number } {
  const inner = bufferReader(bytes);
  const counted = {
    size: inner.size,
    bytesRead: 0,
    reads: 0,
    async read(start: number, end: number) {
      const got = await inner.read(start, end);
      counted.bytesRead += got.length;
      counted.reads += 1;
      return got;
    },
  };
  return counted;
}

describe('containers opened by their own declaration', () => {
  it.each([
    ['note.docx', DOCX],
    ['slides.pptx', PPTX],
    ['note.doc', 'application/msword'],
  ])('tells %s (made by LibreOffice) is %s', async (name, type) => {
    expect(await detectObjectType(bufferReader(fixture(name)))).toBe(type);
  });

  it('finds the PowerPoint stream of a .ppt whose directory is at its end, reading a few sectors', async () => {
    const bytes = ppt();
    const reader = countingReader(bytes);
    expect(await detectObjectType(reader)).toBe('application/vnd.ms-powerpoint');
    expect(bytes.length).toBeGreaterThan(400_000);
    expect(reader.bytesRead).toBeLessThan(8 * 1024);
  });

  it('reads a docx through its content types with a handful of ranged reads', async () => {
    const reader = countingReader(fixture('note.docx'));
    await detectObjectType(reader);
    expect(reader.reads).toBeLessThanOrEqual(4);
  });

  it('takes a zip without content types, or with none naming a document, for a plain zip', async () => {
    const plain = Buffer.from(zipSync({ 'word/document.xml': strToU8('<w:document/>') }));
    expect(await detectObjectType(bufferReader(plain))).toBe('application/zip');
    const decoy = Buffer.from(
      zipSync({ '[Content_Types].xml': strToU8('<Types><Default Extension="xml"/></Types>') }),
    );
    expect(await detectObjectType(bufferReader(decoy))).toBe('application/zip');
  });

  it('refuses a docx declared as a presentation, and a presentation declared as a document', async () => {
    expect(await inspectObject(bufferReader(fixture('note.docx')), PPTX)).toMatchObject({
      ok: false,
      detected: DOCX,
    });
    expect((await inspectObject(bufferReader(ppt()), 'application/msword')).ok).toBe(false);
    expect((await inspectObject(bufferReader(fixture('note.doc')), 'application/msword')).ok).toBe(
      true,
    );
  });

  it('calls a truncated zip or compound file damaged rather than guessing', async () => {
    const docx = fixture('note.docx');
    expect(await detectObjectType(bufferReader(docx.subarray(0, docx.length - 40)))).toBeNull();
    const doc = fixture('note.doc');
    expect(await detectObjectType(bufferReader(doc.subarray(0, 1024)))).toBeNull();
  });
});
