import { pathReplanEvent } from '../events';
import { log, LogEvent } from '../log';
import { Coalescer } from '../platform/coalesce';
import { lateIds, recentFolded } from './folded-ids';
import type { CatalogOutline } from './recommendations';
import {
  emptyModel,
  foldModelStream,
  gapsAt,
  levelsAt,
  pathwaysOf,
  type ModelState,
} from './model-state';
import { levelChanges, type LevelChange } from './path-triggers';
import type { ModelTransaction } from './profile-repository';

/** Where the rules' catalog comes from: outlines of the pathways a learner's events name. */
export interface OutlineSource {
  outlines(pathwayIds: readonly string[]): Promise<CatalogOutline[]>;
}

export interface RefoldStore {
  refold<T>(userId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T>;
}

export interface RefoldResult {
  folded: number;
  replayed: boolean;
  recommendations_changed: number;
  /** Bands that moved between the stored model and the refolded one (a replan is staged for them). */
  level_changes: LevelChange[];
  /** The last event folded, when any was. */
  last_event_id: string | null;
}

const NOTHING = (replayed: boolean): RefoldResult => ({
  folded: 0,
  replayed,
  recommendations_changed: 0,
  level_changes: [],
  last_event_id: null,
});

interface Refresh {
  deliveredIds: readonly string[];
  replay: boolean;
}

/**
 * Brings a learner's model up to date with the stream: the consumers call it after storing
 * events, never a request. It folds the events after the last one folded, in one transaction
 * with the stored model, so concurrent deliveries for one learner serialise and a redelivery
 * folds nothing twice. A delivered event that sorts before the last folded one and is not among
 * the profile's recently folded ids (a late message, `folded-ids.ts`) makes it replay the whole
 * stream from scratch, which gives the same result as if it had come in
 * order (model-state.ts). Levels and recommendations are read at the last event's time, so the
 * stored state is a function of the stream alone. When a level band moves, the replan of the
 * paths it affects is staged through the outbox in the same commit (`path-replans`).
 */
export class LearnerModelRefold {
  /**
   * One learner's deliveries within an instance share refolds: a write's activity arrives as
   * several messages at once, and one refold after the running one folds what they all stored.
   */
  private readonly refolds = new Coalescer<Refresh, RefoldResult>((userId, asks) =>
    this.refold(userId, {
      deliveredIds: asks.flatMap((a) => a.deliveredIds),
      replay: asks.some((a) => a.replay),
    }),
  );

  constructor(
    private readonly store: RefoldStore,
    private readonly catalog: OutlineSource,
  ) {}

  refresh(
    userId: string,
    deliveredIds: readonly string[],
    options: { replay?: boolean } = {},
  ): Promise<RefoldResult> {
    return this.refolds.submit(userId, { deliveredIds, replay: options.replay === true });
  }

  private refold(userId: string, { deliveredIds, replay }: Refresh): Promise<RefoldResult> {
    return this.store.refold(userId, async (tx) => {
      if (await tx.erased()) return NOTHING(false);
      const profile = await tx.profile();
      const stored = profile?.model ?? emptyModel();
      const kept = profile?.folded_ids ?? [];
      const replayed = replay || lateIds(deliveredIds, stored.last_event_id, kept).length > 0;
      const from: ModelState = replayed ? emptyModel() : stored;
      const events = await tx.eventsAfter(from.last_event_id);
      if (events.length === 0) return NOTHING(replayed);
      const outlines = await this.catalog.outlines(pathwaysOf(from, events));
      const { state, changed } = foldModelStream(from, events, outlines);
      const leftovers = replayed
        ? (await tx.recommendationIds()).filter((id) => !changed.has(id))
        : [];
      const at = new Date(state.last_event_at as string);
      tx.save({
        model: state,
        skill_levels: levelsAt(state.estimates, at),
        knowledge_gaps: gapsAt(state, at),
        recommendations: [...changed.values()],
        deleted_recommendations: leftovers,
        updated_at: at.toISOString(),
        folded_ids: recentFolded(
          replayed ? [] : kept,
          events.map((e) => e.id),
        ),
      });
      if (replayed)
        log.info(LogEvent.learnerModelReplayed, 'A late event: the model was refolded', {
          user_id: userId,
          events: events.length,
        });
      const before =
        stored.last_event_at === null
          ? {}
          : levelsAt(stored.estimates, new Date(stored.last_event_at));
      const level_changes = levelChanges(before, levelsAt(state.estimates, at));
      // The replan leaves in this commit: a crash after it cannot lose it, and a redelivery,
      // which folds nothing, need not find it again.
      if (level_changes.length > 0 && state.last_event_id !== null)
        tx.stage([
          pathReplanEvent({
            user_id: userId,
            learner_event_id: state.last_event_id,
            changes: level_changes,
          }),
        ]);
      return {
        folded: events.length,
        replayed,
        recommendations_changed: changed.size,
        level_changes,
        last_event_id: state.last_event_id,
      };
    });
  }

  /** The whole stream folded from scratch: what a replay stores (used by tools and tests). */
  replay(userId: string): Promise<RefoldResult> {
    return this.refresh(userId, [], { replay: true });
  }
}
