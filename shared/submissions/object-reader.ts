/**
 * Ranged reads of one object generation, however large: what the finalize checks open
 * containers (zip, OLE) with, a few small reads instead of a download.
 */
export interface ObjectReader {
  readonly size: number;
  /** Bytes `start` to `end`, both inclusive, clamped to the object. */
  read(start: number, end: number): Promise<Buffer>;
}

/** A reader over bytes in memory (tests, and objects already read whole). */
export function bufferReader(bytes: Buffer): ObjectReader {
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(start, Math.min(end, bytes.length - 1) + 1),
  };
}
