import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { api } from '../../helpers/api';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/** Real files, made by ffmpeg, LibreOffice, pdf-lib and fflate (test/fixtures/media). */
export async function realFile(name: string): Promise<Buffer> {
  if (name === 'slides.ppt') return gunzipSync(fixture('slides.ppt.gz'));
  if (name === 'handout.pdf') {
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Pathwise media test');
    return Buffer.from(await pdf.save());
  }
  if (name === 'bundle.zip')
    return Buffer.from(zipSync({ 'README.md': strToU8('# Course files\n') }));
  return fixture(name);
}

function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '../../fixtures/media', name));
}

export interface Upload {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  resumable: boolean;
}

/** Sends the bytes as the instructions say: one signed PUT, or a resumable session in two chunks. */
export async function sendBytes(upload: Upload, bytes: Buffer): Promise<number> {
  if (!upload.resumable) {
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: new Uint8Array(bytes),
    });
    return put.status;
  }
  const start = await fetch(upload.url, { method: 'POST', headers: upload.headers });
  if (start.status !== 201) return start.status;
  const session = start.headers.get('location') as string;
  const half = Math.min(256 * 1024, Math.floor(bytes.length / 2));
  const chunks: [number, number][] =
    bytes.length > 256 * 1024
      ? [
          [0, half],
          [half, bytes.length],
        ]
      : [[0, bytes.length]];
  let status = 0;
  for (const [from, to] of chunks) {
    const put = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${from}-${to - 1}/${bytes.length}` },
      body: new Uint8Array(bytes.subarray(from, to)),
    });
    status = put.status;
  }
  return status;
}

export const uploadPath = (kind: string, seed = false) => `${seed ? '' : '/api/v1'}/upload/${kind}`;

export async function openMedia(token: string, kind: string, body: object, seed = false) {
  return api(token).post(uploadPath(kind, seed), body);
}

export async function mediaDoc(id: string): Promise<any> {
  return (await db().collection('media').doc(id).get()).data();
}

export async function settledMedia(id: string): Promise<any> {
  return waitFor(
    () => mediaDoc(id),
    (m) => m !== undefined && m.status !== 'awaiting_upload',
  );
}

/** Opens an upload of a real file and sends it; answers the item once finalize has decided. */
export async function uploadReal(
  token: string,
  kind: string,
  name: string,
  options: { as?: string; seed?: boolean } = {},
): Promise<{ id: string; doc: any; bytes: Buffer; opened: any }> {
  const bytes = await realFile(name);
  const opened = await openMedia(
    token,
    kind,
    { file_name: options.as ?? name, size_bytes: bytes.length },
    options.seed,
  );
  if (opened.status !== 201)
    throw new Error(`open ${name}: ${opened.status} ${JSON.stringify(opened.body)}`);
  expect(await sendBytes(opened.body.upload, bytes)).toBe(200);
  const id = opened.body.media_id as string;
  return { id, doc: await settledMedia(id), bytes, opened: opened.body };
}
