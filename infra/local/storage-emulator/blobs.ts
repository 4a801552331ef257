/**
 * Where object bytes live. Blobs are immutable once written, so a copy, a rewrite or a move
 * shares them (in memory: the same chunk list; on disk: a hard link) instead of duplicating
 * bytes, and a reader keeps what it opened even if the object is replaced meanwhile.
 */
import { randomUUID } from 'node:crypto';
import {
  link,
  mkdir,
  mkdtemp,
  open,
  readdir,
  rm,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

export interface Blob {
  readonly size: number;
  /** The file holding the bytes, for a backend that keeps them across restarts. */
  readonly file?: string;
  /** Bytes `start..end` inclusive; the stream is already open when the promise resolves. */
  openRead(start: number, end: number): Promise<Readable>;
  clone(): Promise<Blob>;
  release(): Promise<void>;
}

export interface BlobWriter {
  readonly written: number;
  /** The file being written, for a backend that keeps it across restarts. */
  readonly file?: string;
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<Blob>;
  abort(): Promise<void>;
}

export interface BlobBackend {
  readonly kind: 'memory' | 'disk';
  createWriter(): Promise<BlobWriter>;
  dispose(): Promise<void>;
}

/** A disk backend whose files outlive the emulator, so a restarted one takes them up again. */
export interface PersistentBlobBackend extends BlobBackend {
  /** The blob of a file this backend wrote earlier. */
  adopt(file: string, size: number): Blob;
  /** Appends to a file this backend started writing earlier (an open upload session). */
  resume(file: string): Promise<BlobWriter>;
  /** Deletes every file not in `keep` (bytes of uploads nobody will finish). */
  sweep(keep: ReadonlySet<string>): Promise<void>;
}

function emptyStream(): Readable {
  return Readable.from([]);
}

class MemoryBlob implements Blob {
  constructor(
    private readonly chunks: readonly Buffer[],
    readonly size: number,
  ) {}

  async openRead(start: number, end: number): Promise<Readable> {
    if (this.size === 0 || end < start) return emptyStream();
    const chunks = this.chunks;
    function* slices(): Generator<Buffer> {
      let offset = 0;
      for (const chunk of chunks) {
        const chunkEnd = offset + chunk.length;
        if (chunkEnd > start && offset <= end) {
          yield chunk.subarray(
            Math.max(0, start - offset),
            Math.min(chunk.length, end - offset + 1),
          );
        }
        offset = chunkEnd;
        if (offset > end) return;
      }
    }
    return Readable.from(slices(), { objectMode: false });
  }

  async clone(): Promise<Blob> {
    return this;
  }

  async release(): Promise<void> {}
}

/**
 * HTTP chunks are often small views over a 64 KiB socket buffer; keeping the view would pin the
 * whole buffer, so such chunks are copied into a right-sized allocation. Large chunks are kept
 * as they are, so an object's bytes exist once.
 */
function ownChunk(chunk: Buffer): Buffer {
  if (chunk.byteLength * 2 >= chunk.buffer.byteLength) return chunk;
  const copy = Buffer.allocUnsafeSlow(chunk.byteLength);
  chunk.copy(copy);
  return copy;
}

class MemoryWriter implements BlobWriter {
  private chunks: Buffer[] = [];
  written = 0;

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.chunks.push(ownChunk(chunk));
    this.written += chunk.length;
  }

  async finish(): Promise<Blob> {
    return new MemoryBlob(this.chunks, this.written);
  }

  async abort(): Promise<void> {
    this.chunks = [];
  }
}

export function memoryBackend(): BlobBackend {
  return {
    kind: 'memory',
    createWriter: async () => new MemoryWriter(),
    dispose: async () => {},
  };
}

class DiskBlob implements Blob {
  constructor(
    readonly file: string,
    readonly size: number,
    private readonly dir: string,
  ) {}

  async openRead(start: number, end: number): Promise<Readable> {
    if (this.size === 0 || end < start) return emptyStream();
    const handle = await open(this.file, 'r');
    return handle.createReadStream({ start, end, autoClose: true });
  }

  async clone(): Promise<Blob> {
    const target = path.join(this.dir, randomUUID());
    await link(this.file, target);
    return new DiskBlob(target, this.size, this.dir);
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }
}

class DiskWriter implements BlobWriter {
  constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    private readonly dir: string,
    public written = 0,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.written += chunk.length;
  }

  async finish(): Promise<Blob> {
    await this.handle.close();
    return new DiskBlob(this.file, this.written, this.dir);
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.file).catch(() => undefined);
  }
}

/**
 * Object bytes go to files in a private directory created under `dataDir` (and removed on
 * dispose), so memory stays flat however large the uploads are. Metadata stays in memory.
 */
export async function diskBackend(dataDir: string): Promise<BlobBackend> {
  const dir = await mkdtemp(path.join(dataDir, 'storage-emulator-'));
  return {
    kind: 'disk',
    createWriter: newFileWriter(dir),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes each new object's bytes to a fresh file in `dir`. */
function newFileWriter(dir: string): () => Promise<DiskWriter> {
  return async () => {
    const file = path.join(dir, randomUUID());
    return new DiskWriter(await open(file, 'wx'), file, dir);
  };
}

/**
 * Object bytes in files under `dir` that stay when the emulator stops (a state directory):
 * the next emulator on the same directory adopts the files its metadata names.
 */
export async function persistentDiskBackend(dir: string): Promise<PersistentBlobBackend> {
  await mkdir(dir, { recursive: true });
  return {
    kind: 'disk',
    createWriter: newFileWriter(dir),
    dispose: async () => {},
    adopt: (file, size) => new DiskBlob(path.join(dir, path.basename(file)), size, dir),
    resume: async (file) => {
      const local = path.join(dir, path.basename(file));
      const { size } = await stat(local);
      return new DiskWriter(await open(local, 'a'), local, dir, size);
    },
    sweep: async (keep) => {
      const kept = new Set([...keep].map((f) => path.basename(f)));
      for (const entry of await readdir(dir)) {
        if (!kept.has(entry)) await unlink(path.join(dir, entry)).catch(() => undefined);
      }
    },
  };
}
