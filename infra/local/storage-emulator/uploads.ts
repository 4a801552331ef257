// Over 300 lines: streaming ingestion and the resumable session machine share their byte accounting.
/**
 * Streaming ingestion shared by every upload path: bytes go to the blob writer as they arrive
 * while the hasher runs, so nothing is buffered whole. Also the resumable-upload session state
 * machine (`Content-Range` chunks, `bytes *\/N` status queries) that both the JSON API and
 * signed XML `x-goog-resumable: start` sessions use, and a streaming multipart/related parser.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { memoryBackend, type BlobWriter, type PersistentBlobBackend } from './blobs';
import { errors, StorageError } from './errors';
import { ContentHasher, parseGoogHash, type Digest } from './hash';
import { sendEmpty } from './http';
import type { SavedSession, StorageJournal } from './journal';
import type { Store, StoredObject } from './store';
import type { ObjectMetadataInput, Preconditions } from './types';

const MIN_CHUNK = 256 * 1024;

export interface LengthRange {
  min: number;
  max: number;
}

export function lengthRangeError(kind: 'large' | 'small'): StorageError {
  return kind === 'large'
    ? new StorageError(
        400,
        'invalid',
        'Your proposed upload is larger than the maximum object size specified in your Policy Document.',
        'EntityTooLarge',
      )
    : new StorageError(
        400,
        'invalid',
        'Your proposed upload is smaller than the minimum object size specified in your Policy Document.',
        'EntityTooSmall',
      );
}

export function parseLengthRange(value: string | undefined): LengthRange | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value);
  if (!m) throw errors.invalid(`Invalid x-goog-content-length-range: ${value}`);
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (min > max) throw errors.invalid(`Invalid x-goog-content-length-range: ${value}`);
  return { min, max };
}

/**
 * Copies `source` into `writer`, hashing on the way. `skip` drops leading bytes the session
 * already holds (a client re-sending an overlapping range); `maxTotal` aborts as soon as the
 * running size passes it, before the excess is stored.
 */
export async function ingest(
  source: AsyncIterable<Buffer>,
  writer: BlobWriter,
  hasher: ContentHasher,
  options: { maxTotal?: number; skip?: number } = {},
): Promise<number> {
  let skip = options.skip ?? 0;
  let seen = 0;
  // A rejected upload must not destroy the request (and with it the socket) before the error
  // response is written; the rest of the body is discarded after the response instead.
  const chunks = source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source;
  for await (const raw of chunks as AsyncIterable<Buffer>) {
    seen += raw.length;
    let chunk = raw;
    if (skip > 0) {
      const drop = Math.min(skip, chunk.length);
      chunk = chunk.subarray(drop);
      skip -= drop;
      if (chunk.length === 0) continue;
    }
    if (options.maxTotal !== undefined && hasher.size + chunk.length > options.maxTotal) {
      throw lengthRangeError('large');
    }
    hasher.update(chunk);
    await writer.write(chunk);
  }
  return seen;
}

/** Compares client-declared checksums (`x-goog-hash`, `Content-MD5`, JSON `md5Hash`/`crc32c`). */
export function verifyDeclaredHashes(
  digest: Digest,
  declared: { crc32c?: string; md5?: string; sha256Hex?: string },
): void {
  if (declared.md5 !== undefined && declared.md5 !== digest.md5Base64) {
    throw errors.badDigest(
      `Provided MD5 hash "${declared.md5}" doesn't match calculated MD5 hash "${digest.md5Base64}".`,
    );
  }
  if (declared.crc32c !== undefined && declared.crc32c !== digest.crc32c) {
    throw errors.badDigest(
      `Provided CRC32C "${declared.crc32c}" doesn't match calculated CRC32C "${digest.crc32c}".`,
    );
  }
  if (declared.sha256Hex !== undefined && declared.sha256Hex.toLowerCase() !== digest.sha256Hex) {
    throw errors.badDigest('The provided x-goog-content-sha256 does not match the payload.');
  }
}

export interface UploadSession {
  id: string;
  api: 'json' | 'xml';
  bucket: string;
  name: string;
  metadata: ObjectMetadataInput;
  preconditions: Preconditions;
  lengthRange?: LengthRange;
  declaredSize?: number;
  writer: BlobWriter;
  hasher: ContentHasher;
  state: 'open' | 'done' | 'failed';
  object?: StoredObject;
  busy: boolean;
}

export type SessionOutcome =
  { kind: 'incomplete'; received: number } | { kind: 'done'; object: StoredObject };

interface ContentRange {
  start?: number;
  end?: number | '*';
  total?: number | '*';
}

function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (value === undefined) return undefined;
  const status = /^bytes \*\/(\d+|\*)$/.exec(value.trim());
  if (status) return { total: status[1] === '*' ? '*' : Number(status[1]) };
  const m = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/.exec(value.trim());
  if (!m) throw errors.invalid(`Invalid Content-Range: ${value}`);
  return {
    start: Number(m[1]),
    end: m[2] === '*' ? '*' : Number(m[2]),
    total: m[3] === '*' ? '*' : Number(m[3]),
  };
}

/** Where a session registry keeps its sessions across restarts, and the files of their bytes. */
export interface SessionPersistence {
  journal: StorageJournal;
  backend: PersistentBlobBackend;
}

function savedSession(session: UploadSession): SavedSession {
  return {
    id: session.id,
    api: session.api,
    bucket: session.bucket,
    name: session.name,
    metadata: session.metadata,
    preconditions: session.preconditions,
    ...(session.lengthRange ? { lengthRange: session.lengthRange } : {}),
    ...(session.declaredSize !== undefined ? { declaredSize: session.declaredSize } : {}),
    ...(session.state === 'done' && session.object
      ? { generation: session.object.generation }
      : session.writer.file
        ? { blobFile: session.writer.file }
        : {}),
  };
}

export class SessionRegistry {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly store: Store,
    private readonly persistence?: SessionPersistence,
  ) {}

  /**
   * Takes up the sessions a previous emulator saved: an open one continues from the bytes its
   * file holds (the client learns how many from a status query, as after any interruption), a
   * finished one still answers with its object. `objectFiles` are the blob files of restored
   * objects: a session whose file became an object just before the stop is finished, not open.
   * Returns the blob files of open sessions.
   */
  async restore(objectFiles: ReadonlySet<string>): Promise<string[]> {
    if (!this.persistence) return [];
    const { journal, backend } = this.persistence;
    const files: string[] = [];
    for (const saved of journal.sessions()) {
      const { generation, blobFile, ...init } = saved;
      const base = { ...init, hasher: new ContentHasher(), busy: false };
      const object = this.store.findObject(saved.bucket, saved.name);
      const finished =
        object && (generation === object.generation || (blobFile && objectFiles.has(blobFile)));
      if (finished) {
        // A finished session never writes again; its writer only fills the shape.
        const writer = await memoryBackend().createWriter();
        this.sessions.set(saved.id, { ...base, writer, state: 'done', object });
        continue;
      }
      if (generation === undefined && blobFile !== undefined) {
        const writer = await backend.resume(blobFile).catch(() => undefined);
        if (writer) {
          const session: UploadSession = { ...base, writer, state: 'open' };
          if (writer.file) {
            for await (const chunk of createReadStream(writer.file)) {
              session.hasher.update(chunk as Buffer);
            }
          }
          this.sessions.set(saved.id, session);
          files.push(blobFile);
          continue;
        }
      }
      journal.removeSession(saved.id);
    }
    return files;
  }

  /** Closes open sessions' files without deleting them (the emulator stops; they stay). */
  async close(): Promise<void> {
    const open = [...this.sessions.values()].filter((s) => s.state === 'open');
    this.sessions.clear();
    await Promise.all(open.map((s) => s.writer.finish().catch(() => undefined)));
  }

  private save(session: UploadSession): void {
    this.persistence?.journal.saveSession(savedSession(session));
  }

  private forget(session: UploadSession): void {
    this.sessions.delete(session.id);
    this.persistence?.journal.removeSession(session.id);
  }

  async create(
    init: Pick<
      UploadSession,
      'api' | 'bucket' | 'name' | 'metadata' | 'preconditions' | 'lengthRange' | 'declaredSize'
    >,
  ): Promise<UploadSession> {
    const id = randomBytes(24).toString('base64url');
    const session: UploadSession = {
      ...init,
      id,
      writer: await this.store.backend.createWriter(),
      hasher: new ContentHasher(),
      state: 'open',
      busy: false,
    };
    this.sessions.set(id, session);
    this.save(session);
    return session;
  }

  get(id: string): UploadSession {
    const session = this.sessions.get(id);
    if (!session || session.state === 'failed') throw errors.uploadNotFound();
    return session;
  }

  async cancel(id: string): Promise<void> {
    const session = this.get(id);
    this.forget(session);
    if (session.state === 'open') await session.writer.abort();
    session.state = 'failed';
  }

  async reset(): Promise<void> {
    const open = [...this.sessions.values()].filter((s) => s.state === 'open');
    this.sessions.clear();
    await Promise.all(open.map((s) => s.writer.abort()));
  }

  /** Handles one PUT to a session URI, streaming its body into the session. */
  async put(session: UploadSession, req: IncomingMessage): Promise<SessionOutcome> {
    if (session.state === 'done' && session.object) {
      return { kind: 'done', object: session.object };
    }
    if (session.busy) {
      throw new StorageError(
        409,
        'conflict',
        'Another request is writing to this upload session.',
        'Conflict',
      );
    }
    session.busy = true;
    try {
      return await this.putChunk(session, req);
    } catch (err) {
      if (
        err instanceof StorageError &&
        (err.xmlCode === 'EntityTooLarge' || err.xmlCode === 'BadDigest')
      ) {
        await this.fail(session);
      }
      throw err;
    } finally {
      session.busy = false;
    }
  }

  private async fail(session: UploadSession): Promise<void> {
    session.state = 'failed';
    this.forget(session);
    await session.writer.abort();
  }

  private async putChunk(session: UploadSession, req: IncomingMessage): Promise<SessionOutcome> {
    const range = parseContentRange(
      typeof req.headers['content-range'] === 'string' ? req.headers['content-range'] : undefined,
    ) ?? { start: 0, end: '*', total: '*' };
    const received = session.hasher.size;
    const announced = range.total === '*' ? undefined : range.total;
    if (
      announced !== undefined &&
      session.declaredSize !== undefined &&
      announced !== session.declaredSize
    ) {
      throw errors.invalid(
        `Content-Range total ${announced} differs from the ${session.declaredSize} bytes the upload declared.`,
      );
    }
    const total = announced ?? session.declaredSize;
    if (total !== undefined && received > total) {
      throw errors.invalid(
        `Content-Range total ${total} is smaller than the ${received} bytes received.`,
      );
    }

    if (range.start === undefined) {
      // Status query (`bytes */N`), which also finalises when N bytes are already there.
      await drain(req);
      if (total !== undefined && total === received) return this.complete(session, req);
      return { kind: 'incomplete', received };
    }

    if (range.start > received) {
      throw errors.invalid(
        `Content-Range starts at ${range.start} but only ${received} bytes have been received.`,
      );
    }
    const explicitLength = range.end === '*' ? undefined : (range.end as number) - range.start + 1;
    if (explicitLength !== undefined && explicitLength <= 0) {
      throw errors.invalid(`Invalid Content-Range: ${String(req.headers['content-range'])}`);
    }
    const endsObject =
      range.end === '*' ? true : total !== undefined && (range.end as number) + 1 === total;
    if (!endsObject && explicitLength !== undefined && explicitLength < MIN_CHUNK) {
      throw errors.invalid(
        `Invalid request. The number of bytes uploaded is required to be equal or greater than ${MIN_CHUNK}, except for the final request (it's recommended to be the exact multiple of ${MIN_CHUNK}). The received request contained ${explicitLength} bytes, which does not meet this requirement.`,
      );
    }

    const limits = [session.lengthRange?.max, session.declaredSize].filter(
      (n): n is number => n !== undefined,
    );
    const seen = await ingest(req as AsyncIterable<Buffer>, session.writer, session.hasher, {
      ...(limits.length > 0 ? { maxTotal: Math.min(...limits) } : {}),
      skip: received - range.start,
    });
    if (explicitLength !== undefined && seen !== explicitLength) {
      throw errors.invalid(
        `The request body has ${seen} bytes but Content-Range announced ${explicitLength}.`,
      );
    }
    const now = session.hasher.size;
    if (total !== undefined && now > total) {
      throw errors.invalid(`Received ${now} bytes, more than the announced total of ${total}.`);
    }
    if (endsObject && (total === undefined || now === total)) return this.complete(session, req);
    return { kind: 'incomplete', received: now };
  }

  private async complete(session: UploadSession, req: IncomingMessage): Promise<SessionOutcome> {
    const digest = session.hasher.digest();
    try {
      if (session.lengthRange && digest.size < session.lengthRange.min)
        throw lengthRangeError('small');
      const declared = parseGoogHash(
        typeof req.headers['x-goog-hash'] === 'string' ? req.headers['x-goog-hash'] : undefined,
      );
      verifyDeclaredHashes(digest, declared);
    } catch (err) {
      await this.fail(session);
      throw err;
    }
    const blob = await session.writer.finish();
    session.state = 'done';
    try {
      session.object = await this.store.commitObject({
        bucket: session.bucket,
        name: session.name,
        metadata: session.metadata,
        blob,
        digest,
        preconditions: session.preconditions,
      });
    } catch (err) {
      session.state = 'failed';
      this.forget(session);
      throw err;
    }
    this.save(session);
    return { kind: 'done', object: session.object };
  }
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    // Status queries carry no body; anything sent anyway is ignored.
  }
}

/**
 * A pull-based reader over request chunks that can read small delimited pieces (multipart
 * headers, the JSON metadata part) and stream the large data part without buffering it.
 */
export class DelimitedReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? next.value : Buffer.concat([this.buf, next.value]);
    return true;
  }

  async readUntil(delimiter: Buffer, limit: number): Promise<Buffer> {
    for (;;) {
      const idx = this.buf.indexOf(delimiter);
      if (idx >= 0) {
        const out = this.buf.subarray(0, idx);
        this.buf = this.buf.subarray(idx + delimiter.length);
        return out;
      }
      if (this.buf.length > limit) throw errors.invalid('Malformed multipart body.');
      if (!(await this.fill())) throw errors.invalid('Unexpected end of multipart body.');
    }
  }

  async *streamUntil(delimiter: Buffer): AsyncGenerator<Buffer> {
    const keep = delimiter.length - 1;
    for (;;) {
      const idx = this.buf.indexOf(delimiter);
      if (idx >= 0) {
        if (idx > 0) yield this.buf.subarray(0, idx);
        this.buf = this.buf.subarray(idx + delimiter.length);
        return;
      }
      if (this.buf.length > keep) {
        yield this.buf.subarray(0, this.buf.length - keep);
        this.buf = this.buf.subarray(this.buf.length - keep);
      }
      if (!(await this.fill())) throw errors.invalid('Unexpected end of multipart body.');
    }
  }

  async drain(): Promise<void> {
    while (await this.fill()) this.buf = Buffer.alloc(0);
  }
}

function parsePartHeaders(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function multipartBoundary(contentType: string | undefined): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/') || !boundary) {
    throw errors.invalid('uploadType=multipart needs a multipart/related body with a boundary.');
  }
  return boundary;
}

/**
 * Reads a JSON API multipart upload: a JSON metadata part, then the media part, which is handed
 * to `onMedia` as a stream so it can go straight to storage.
 */
export async function readMultipart<T>(
  req: IncomingMessage,
  boundary: string,
  onMedia: (
    metadata: Record<string, unknown>,
    mediaType: string | undefined,
    data: AsyncIterable<Buffer>,
  ) => Promise<T>,
): Promise<T> {
  const reader = new DelimitedReader((req as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const crlf2 = Buffer.from('\r\n\r\n');
  await reader.readUntil(dash, 64 * 1024);
  await reader.readUntil(Buffer.from('\r\n'), 1024);
  await reader.readUntil(crlf2, 64 * 1024);
  const metaBytes = await reader.readUntil(delimiter, 2 * 1024 * 1024);
  let metadata: Record<string, unknown>;
  try {
    const parsed: unknown = metaBytes.length === 0 ? {} : JSON.parse(metaBytes.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    metadata = parsed as Record<string, unknown>;
  } catch {
    throw errors.invalid('The metadata part of the multipart upload is not a JSON object.');
  }
  await reader.readUntil(Buffer.from('\r\n'), 1024);
  const mediaHeaders = parsePartHeaders(await reader.readUntil(crlf2, 64 * 1024));
  const result = await onMedia(
    metadata,
    mediaHeaders['content-type'],
    reader.streamUntil(delimiter),
  );
  await reader.drain();
  return result;
}

/**
 * One PUT to a resumable session, as both APIs take it: the stored object once the upload is
 * complete; until then the answer is sent here (308 with the range received so far).
 */
export async function putToSession(
  sessions: SessionRegistry,
  uploadId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<StoredObject | undefined> {
  const outcome = await sessions.put(sessions.get(uploadId), req);
  if (outcome.kind === 'incomplete') {
    if (outcome.received > 0) res.setHeader('Range', `bytes=0-${outcome.received - 1}`);
    sendEmpty(req, res, 308);
    return undefined;
  }
  return outcome.object;
}
