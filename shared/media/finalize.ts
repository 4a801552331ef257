import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import { inspectObject } from '../submissions/inspect';
import { objectReader } from '../submissions/object-head';
import { quarantineObject } from '../submissions/quarantine';
import { KIND_RULES, parseMediaObjectPath } from './kinds';
import type { MediaDoc } from './model';
import type { MediaRepository } from './repository';

export type MediaGuardDecision =
  { handle: true; mediaId: string } | { handle: false; reason: string };

/** The media finalize's one guard: objects of the uploads bucket named like a media item. */
export function mediaFinalizeGuard(
  object: Pick<StorageObjectData, 'bucket' | 'name'>,
  bucket: string,
): MediaGuardDecision {
  if (object.bucket !== bucket)
    return { handle: false, reason: `bucket ${object.bucket} is not the uploads bucket` };
  const parsed = parseMediaObjectPath(object.name);
  if (!parsed) return { handle: false, reason: 'not a media object path' };
  return { handle: true, mediaId: parsed.id };
}

/**
 * A media file arrived (Eventarc finalize, routed here by its folder): its size must be the
 * declared one and within its kind's limit, and its bytes (first bytes, containers opened with
 * ranged reads) must be the type its extension promised. Then the item is `ready`; otherwise
 * `rejected` and the object quarantined. Each step checks the item's state in a transaction,
 * so a duplicate delivery changes nothing.
 */
export class FinalizeMedia {
  constructor(
    private readonly bucketName: string,
    private readonly bucket: Bucket,
    private readonly repo: MediaRepository,
  ) {}

  async finalize(object: StorageObjectData, eventId: string): Promise<void> {
    const guard = mediaFinalizeGuard(object, this.bucketName);
    if (!guard.handle) {
      log.info(LogEvent.eventIgnored, `Media finalize skipped: ${guard.reason}`, {
        object: object.name,
        event_id: eventId,
      });
      return;
    }
    const id = guard.mediaId;
    const media = await this.repo.get(id);
    if (!media || media.object_path !== object.name) {
      log.warn(LogEvent.eventIgnored, 'Finalize for unknown media; object quarantined', {
        object: object.name,
        event_id: eventId,
      });
      await quarantineObject(this.bucket, object.name);
      return;
    }
    if (media.generation === object.generation) {
      log.info(LogEvent.eventDuplicate, 'Media finalize already recorded for this generation', {
        media_id: id,
        event_id: eventId,
      });
      return;
    }
    if (media.status === 'expired') {
      log.warn(LogEvent.eventIgnored, 'Media arrived after its upload expired; quarantined', {
        media_id: id,
      });
      await quarantineObject(this.bucket, object.name);
      return;
    }
    if (media.status !== 'awaiting_upload') {
      // Uploads never overwrite: an event that does not match the recorded file is stale or forged.
      log.warn(LogEvent.eventIgnored, `Finalize for media already ${media.status}; ignored`, {
        media_id: id,
        event_id: eventId,
      });
      return;
    }
    const size = Number(object.size);
    const limit = KIND_RULES[media.kind].maxBytes;
    if (size !== media.size_bytes || size > limit) {
      await this.reject(
        id,
        object,
        `The file has ${size} bytes; ${media.size_bytes} were declared`,
        null,
      );
      return;
    }
    const verdict = await inspectObject(objectReader(this.bucket, object), media.content_type);
    if (!verdict.ok) {
      await this.reject(id, object, verdict.reason ?? 'Type mismatch', verdict.detected);
      return;
    }
    await this.settle(id, object, {
      status: 'ready',
      detected_type: verdict.detected,
      uploaded_at: Timestamp.now(),
    });
    log.info(LogEvent.eventProcessed, 'Media ready', { media_id: id, kind: media.kind });
  }

  private async reject(
    id: string,
    object: StorageObjectData,
    reason: string,
    detected: string | null,
  ): Promise<void> {
    await this.settle(id, object, {
      status: 'rejected',
      rejection_reason: reason,
      detected_type: detected,
    });
    log.warn(LogEvent.eventProcessed, 'Media rejected; object quarantined', {
      media_id: id,
      reason,
    });
    await quarantineObject(this.bucket, object.name);
  }

  /** Records the outcome once: only an item still awaiting its bytes changes. */
  private async settle(
    id: string,
    object: StorageObjectData,
    outcome: Partial<MediaDoc>,
  ): Promise<void> {
    await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, id);
      if (!current || current.status !== 'awaiting_upload') return;
      this.repo.txUpdate(tx, id, {
        ...outcome,
        generation: object.generation,
        md5_hash: object.md5Hash ?? null,
        updated_at: Timestamp.now(),
      });
    });
  }
}
