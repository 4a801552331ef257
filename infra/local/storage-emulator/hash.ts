/**
 * Incremental checksums for object bytes. Cloud Storage reports CRC32C (Castagnoli), not the
 * IEEE CRC32 that `zlib.crc32` computes, so it is implemented here (slicing-by-8 keeps a 100 MB
 * upload well under a second of CPU).
 */
import { createHash, type Hash } from 'node:crypto';

const CASTAGNOLI_REVERSED = 0x82f63b78;

function buildTables(): Uint32Array[] {
  const tables: Uint32Array[] = [];
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI_REVERSED : c >>> 1;
    t0[n] = c >>> 0;
  }
  tables.push(t0);
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1] as Uint32Array;
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      const p = prev[n] as number;
      next[n] = ((p >>> 8) ^ (t0[p & 0xff] as number)) >>> 0;
    }
    tables.push(next);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = buildTables() as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** Continues a CRC32C over `buf`; start with 0, the result is the final (post-inverted) value. */
export function crc32cUpdate(crc: number, buf: Uint8Array): number {
  let c = ~crc >>> 0;
  let i = 0;
  const len = buf.length;
  const end8 = len - (len % 8);
  while (i < end8) {
    c ^=
      (buf[i] as number) |
      ((buf[i + 1] as number) << 8) |
      ((buf[i + 2] as number) << 16) |
      ((buf[i + 3] as number) << 24);
    c =
      (T7[c & 0xff] as number) ^
      (T6[(c >>> 8) & 0xff] as number) ^
      (T5[(c >>> 16) & 0xff] as number) ^
      (T4[c >>> 24] as number) ^
      (T3[buf[i + 4] as number] as number) ^
      (T2[buf[i + 5] as number] as number) ^
      (T1[buf[i + 6] as number] as number) ^
      (T0[buf[i + 7] as number] as number);
    i += 8;
  }
  while (i < len) {
    c = (T0[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
    i++;
  }
  return ~c >>> 0;
}

/** GCS encodes CRC32C as the base64 of its four big-endian bytes. */
export function crc32cBase64(crc: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc >>> 0, 0);
  return out.toString('base64');
}

export interface Digest {
  size: number;
  md5Base64: string;
  md5Hex: string;
  crc32c: string;
  sha256Hex?: string;
}

/** Hashes bytes as they stream past, so nothing has to be re-read after an upload. */
export class ContentHasher {
  size = 0;
  private readonly md5: Hash = createHash('md5');
  private crc = 0;
  private readonly sha256: Hash | undefined;
  private result: Digest | undefined;

  constructor(options: { sha256?: boolean } = {}) {
    this.sha256 = options.sha256 ? createHash('sha256') : undefined;
  }

  update(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.crc = crc32cUpdate(this.crc, chunk);
    this.sha256?.update(chunk);
  }

  digest(): Digest {
    if (this.result) return this.result;
    const md5 = this.md5.digest();
    this.result = {
      size: this.size,
      md5Base64: md5.toString('base64'),
      md5Hex: md5.toString('hex'),
      crc32c: crc32cBase64(this.crc),
      ...(this.sha256 ? { sha256Hex: this.sha256.digest('hex') } : {}),
    };
    return this.result;
  }
}

/** Parses an `x-goog-hash` header (`crc32c=…,md5=…`). */
export function parseGoogHash(value: string | undefined): { crc32c?: string; md5?: string } {
  const out: { crc32c?: string; md5?: string } = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const val = part.slice(eq + 1).trim();
    if (key === 'crc32c') out.crc32c = val;
    if (key === 'md5') out.md5 = val;
  }
  return out;
}
