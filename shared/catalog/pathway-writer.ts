import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import { notFound, permissionDenied } from '../errors';
import { outlineChangedEvent } from '../events';
import { log, LogEvent } from '../log';
import { withKeyLock } from '../platform/key-lock';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import type { RequestContext } from '../use-case';
import { canEdit, canView } from './access';
import type { Outline, PathwayDoc } from './model';
import type { PathwayCache } from './pathway-cache';
import type { CatalogRepository, CatalogTransaction } from './repository';

/** What one catalog change does to its pathway, returned by the change's own work. */
export interface PathwayChange<T> {
  /** The new outline, when the change touched modules or resources. */
  outline?: Outline;
  /** What changed in the outline, carried by the `outline_changed` event. */
  change?: string;
  pathwayUpdate?: Partial<PathwayDoc>;
  result: (pathway: PathwayDoc & { id: string }) => T;
}

/**
 * Every change to a pathway, its modules or its resources runs here, as one transaction on the
 * pathway document: checks the caller may edit, applies the change, rewrites the outline, bumps
 * `outline_version` and stages the `outline_changed` event in the same commit, then publishes it.
 */
export class PathwayWriter {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly outbox: Outbox,
    /** This instance's cache learns the change at once; other instances find it as they must. */
    private readonly pathways: PathwayCache,
  ) {}

  async write<T>(
    caller: Caller,
    pathwayId: string,
    ctx: RequestContext,
    work: (
      tx: CatalogTransaction,
      pathway: PathwayDoc,
      now: Timestamp,
    ) => Promise<PathwayChange<T>>,
  ): Promise<T> {
    let events: OutboxEvent[] = [];
    let written: PathwayDoc | undefined;
    const result = await withKeyLock(`pathway:${pathwayId}`, () =>
      this.repo.runTransaction(async (tx) => {
        events = [];
        const pathway = await tx.pathway(pathwayId);
        if (!pathway || !canView(caller, pathway)) throw notFound(`Pathway ${pathwayId}`);
        if (!canEdit(caller, pathway))
          throw permissionDenied('Only the pathway owner or an admin may change it');
        const now = Timestamp.now();
        const outcome = await work(tx, pathway, now);
        const next: PathwayDoc = { ...pathway, ...outcome.pathwayUpdate, updated_at: now };
        if (outcome.outline) {
          next.outline = outcome.outline;
          next.outline_version = pathway.outline_version + 1;
          events.push(
            outlineChangedEvent({
              pathwayId,
              outlineVersion: next.outline_version,
              change: outcome.change ?? 'outline_updated',
              requestId: ctx.requestId,
              at: now,
            }),
          );
          this.outbox.stage(tx.tx, events);
        }
        tx.setPathway(pathwayId, next);
        written = next;
        return outcome.result({ ...next, id: pathwayId });
      }),
    );
    if (written) this.pathways.remember(pathwayId, written);
    if (events.length > 0) {
      log.info(LogEvent.outlineChanged, 'Pathway outline changed', {
        pathway_id: pathwayId,
        outline_version: events[0]?.data.outline_version,
        change: events[0]?.data.change,
      });
    }
    return result;
  }
}
