import type { Bucket } from '@google-cloud/storage';
import type { StorageObjectData } from '../platform/functions';
import { SNIFF_BYTES } from './magic';

/** What the finalize trigger read of objects, for the upload benchmark. */
export const finalizeStats = { bytesRead: 0 };

/**
 * The first bytes of an object generation (at most `SNIFF_BYTES`): enough to tell what the file
 * really is, however large it is.
 */
export async function readHead(bucket: Bucket, object: StorageObjectData): Promise<Buffer> {
  const size = Number(object.size);
  if (size === 0) return Buffer.alloc(0);
  const file = bucket.file(object.name, { generation: Number(object.generation) });
  const [head] = await file.download({
    start: 0,
    end: Math.min(size, SNIFF_BYTES) - 1,
    validation: false,
  });
  finalizeStats.bytesRead += head.length;
  return head;
}
