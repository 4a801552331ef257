import type { UploadInstructions } from './types';

/** Bytes sent so far out of the file's size, for the progress bar. */
export type OnProgress = (loaded: number, total: number) => void;

/** Files above this go through a resumable session, so a dropped connection loses one chunk. */
export const RESUMABLE_ABOVE_BYTES = 8 * 1024 * 1024;
/** GCS wants every chunk but the last to be a multiple of 256 KiB. */
const CHUNK_BYTES = 4 * 256 * 1024;
const ATTEMPTS = 4;

interface Answer {
  status: number;
  header: (name: string) => string | null;
}

function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Blob | null,
  onProgress: (loaded: number) => void,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => resolve({ status: xhr.status, header: (n) => xhr.getResponseHeader(n) });
    // A dropped connection (status 0): the caller retries.
    xhr.onerror = () => reject(new Error('The connection dropped during the upload'));
    xhr.send(body);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  let failure: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      failure = error;
      await pause(500 * 2 ** attempt);
    }
  }
  throw failure;
}

function refused(answer: Answer): Error {
  return new Error(`Cloud Storage refused the upload (HTTP ${answer.status})`);
}

/** Where a resumable session stands: the bytes GCS already holds (a 308's `Range`). */
function held(answer: Answer): number {
  const match = /bytes=0-(\d+)/.exec(answer.header('Range') ?? '');
  return match ? Number(match[1]) + 1 : 0;
}

async function committed(session: string, size: number): Promise<number> {
  const answer = await send('PUT', session, { 'Content-Range': `bytes */${size}` }, null, () => {});
  return answer.status === 200 || answer.status === 201 ? size : held(answer);
}

async function resumable(
  upload: UploadInstructions,
  file: File,
  onProgress: OnProgress,
): Promise<void> {
  const start = await withRetries(() =>
    send(upload.method, upload.url, upload.headers, null, () => {}),
  );
  const session = start.header('Location');
  if (start.status !== 201 || !session) throw refused(start);
  let offset = 0;
  let failures = 0;
  while (offset < file.size) {
    const from = offset;
    const end = Math.min(from + CHUNK_BYTES, file.size);
    let answer: Answer;
    try {
      answer = await send(
        'PUT',
        session,
        { 'Content-Range': `bytes ${from}-${end - 1}/${file.size}` },
        file.slice(from, end),
        (loaded) => onProgress(from + loaded, file.size),
      );
    } catch (error) {
      failures += 1;
      if (failures >= ATTEMPTS) throw error;
      await pause(500 * 2 ** failures);
      // Ask the session what arrived before the connection dropped, and go on from there.
      offset = await committed(session, file.size).catch(() => from);
      continue;
    }
    if (answer.status === 200 || answer.status === 201) offset = file.size;
    else if (answer.status === 308) offset = held(answer);
    else throw refused(answer);
    onProgress(offset, file.size);
  }
}

/**
 * Sends a file straight to Cloud Storage on the signed URL the API issued: one PUT with upload
 * progress, retried when the connection drops, or a resumable session in chunks for large files.
 */
export async function uploadFile(
  upload: UploadInstructions,
  file: File,
  onProgress: OnProgress,
): Promise<void> {
  if (upload.resumable) {
    await resumable(upload, file, onProgress);
    return;
  }
  const answer = await withRetries(() =>
    send(upload.method, upload.url, upload.headers, file, (loaded) =>
      onProgress(loaded, file.size),
    ),
  );
  if (answer.status !== 200 && answer.status !== 201) throw refused(answer);
  onProgress(file.size, file.size);
}
