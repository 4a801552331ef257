import type { Bucket } from '@google-cloud/storage';
import type { StorageObjectData } from '../platform/functions';
import type { ObjectReader } from './object-reader';

/** What the finalize trigger read of objects, for the upload benchmark. */
export const finalizeStats = { bytesRead: 0 };

/** Ranged reads of the object generation the event names (never a newer one). */
export function objectReader(bucket: Bucket, object: StorageObjectData): ObjectReader {
  const size = Number(object.size);
  const file = bucket.file(object.name, { generation: Number(object.generation) });
  return {
    size,
    async read(start, end) {
      const last = Math.min(end, size - 1);
      if (size === 0 || last < start) return Buffer.alloc(0);
      const [bytes] = await file.download({ start, end: last, validation: false });
      finalizeStats.bytesRead += bytes.length;
      return bytes;
    },
  };
}
