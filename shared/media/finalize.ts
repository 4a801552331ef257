import type { Bucket } from '@google-cloud/storage';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { StorageObjectData } from '../platform/functions';
import { inspectObject } from '../submissions/inspect';
import { objectReader } from '../submissions/object-head';
import { quarantineObject } from '../submissions/quarantine';
import type { MalwareScanner, ScanResult } from '../submissions/scanner';
import { admitLateArrival, type LateArrivalDecision } from '../submissions/late-arrival';
import { KIND_RULES, MEDIA_QUOTA, parseMediaObjectPath } from './kinds';
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
 * Where the item may still be settled: its bytes arrived, no verdict is recorded yet, or its
 * upload expired while they were on their way (Storage checks a signed URL's expiry when the PUT
 * starts).
 */
const UNSETTLED: readonly MediaDoc['status'][] = ['awaiting_upload', 'scan_pending', 'expired'];

/**
 * A media file arrived (Eventarc finalize, routed here by its folder): its size must be the
 * declared one and within its kind's limit, its bytes (first bytes, containers opened with
 * ranged reads) must be the type its extension promised, and the malware scanner submissions
 * use must not flag it. Then the item is `ready`; otherwise `rejected` and the object
 * quarantined. Each step checks the item's state in a transaction, so a duplicate delivery
 * changes nothing.
 */
export class FinalizeMedia {
  constructor(
    private readonly bucketName: string,
    private readonly bucket: Bucket,
    private readonly repo: MediaRepository,
    private readonly scanner: MalwareScanner,
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
    if (media.status === 'expired' && media.late_arrival?.refused) {
      log.warn(LogEvent.eventIgnored, 'Media arrived after its upload expired; quarantined', {
        media_id: id,
        reason: media.late_arrival.refused,
      });
      await quarantineObject(this.bucket, object.name);
      return;
    }
    if (media.status !== 'awaiting_upload' && media.status !== 'expired') {
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
    const file = this.bucket.file(object.name, { generation: Number(object.generation) });
    const scan = await this.scanner.scan(file, media.content_type);
    await this.settleScan(id, object, verdict.detected, scan);
  }

  /** Records the scanner's answer; an asynchronous scanner calls this when it is done. */
  async settleScan(
    id: string,
    object: StorageObjectData,
    detected: string | null,
    scan: ScanResult,
  ): Promise<void> {
    const at = Timestamp.now();
    const record = { state: scan.state, scanner: this.scanner.name, at, detail: scan.detail };
    if (scan.state === 'infected') {
      await this.reject(
        id,
        object,
        `Malware found: ${scan.detail ?? 'infected'}`,
        detected,
        record,
      );
      return;
    }
    const outcome: Partial<MediaDoc> =
      scan.state === 'pending'
        ? { status: 'scan_pending', detected_type: detected, scan: record }
        : { status: 'ready', detected_type: detected, scan: record, uploaded_at: at };
    const status = await this.settle(id, object, outcome);
    if (status === 'expired') return;
    log.info(LogEvent.eventProcessed, `Media ${status ?? 'gone'}`, {
      media_id: id,
      scan: scan.state,
    });
  }

  private async reject(
    id: string,
    object: StorageObjectData,
    reason: string,
    detected: string | null,
    scan: MediaDoc['scan'] = null,
  ): Promise<void> {
    const status = await this.settle(id, object, {
      status: 'rejected',
      rejection_reason: reason,
      detected_type: detected,
      scan,
    });
    if (status === 'expired') return;
    // Also when an earlier delivery recorded the rejection and died before the move.
    if (status !== 'rejected') return;
    log.warn(LogEvent.eventProcessed, 'Media rejected; object quarantined', {
      media_id: id,
      reason,
    });
    await quarantineObject(this.bucket, object.name);
  }

  /**
   * Records the outcome once: only an item with no verdict yet changes. Answers the item's
   * status afterwards (undefined: it is gone). An expired item takes its quota again in the same
   * transaction; without room it stays expired, with the reason, and its object is quarantined.
   */
  private async settle(
    id: string,
    object: StorageObjectData,
    outcome: Partial<MediaDoc>,
  ): Promise<MediaDoc['status'] | undefined> {
    const settled = await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, id);
      if (!current || !UNSETTLED.includes(current.status)) return { status: current?.status };
      const now = Timestamp.now();
      const late = current.status === 'expired' ? await this.admit(tx, id, current, now) : null;
      if (late && !late.admit) {
        if (current.late_arrival?.refused) return { status: current.status };
        this.repo.txUpdate(tx, id, {
          rejection_reason: late.reason,
          late_arrival: { generation: object.generation, at: now, refused: late.reason },
          updated_at: now,
        });
        return { status: current.status, refused: late.reason };
      }
      if (late) this.repo.quota.txSetReservations(tx, current.owner_uid, late.reservations, now);
      this.repo.txUpdate(tx, id, {
        ...outcome,
        ...(late && { late_arrival: { generation: object.generation, at: now, refused: null } }),
        generation: object.generation,
        md5_hash: object.md5Hash ?? null,
        updated_at: now,
      });
      return { status: outcome.status ?? current.status };
    });
    if (settled.status === 'expired') {
      log.warn(LogEvent.eventIgnored, 'Media arrived after its upload expired; quarantined', {
        media_id: id,
        reason: settled.refused,
      });
      await quarantineObject(this.bucket, object.name);
    }
    return settled.status;
  }

  /** Whether an expired item's late bytes may have their quota place again (no slots here). */
  private async admit(
    tx: Transaction,
    id: string,
    media: MediaDoc,
    now: Timestamp,
  ): Promise<LateArrivalDecision> {
    if (media.late_arrival?.refused) return { admit: false, reason: media.late_arrival.refused };
    return admitLateArrival({
      submissionId: id,
      openedAtMs: media.created_at.toMillis(),
      bytes: media.size_bytes,
      siblings: [],
      reservations: await this.repo.quota.txReservations(tx, media.owner_uid),
      now: now.toMillis(),
      limits: MEDIA_QUOTA,
    });
  }
}
