import type { Bucket } from '@google-cloud/storage';
import { HttpStatus, hasCode } from '../platform/grpc';
import { QUARANTINE_PREFIX } from './model';

/**
 * Moves a refused object under `quarantine/`, where no signed URL points and the finalize guard
 * skips it. Moving it again (a redelivered event) finds nothing and is fine.
 */
export async function quarantineObject(bucket: Bucket, objectName: string): Promise<void> {
  try {
    await bucket.file(objectName).move(`${QUARANTINE_PREFIX}${objectName}`);
  } catch (error) {
    if (!hasCode(error, HttpStatus.NOT_FOUND)) throw error;
  }
}
