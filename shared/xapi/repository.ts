import {
  FieldPath,
  type DocumentReference,
  type Firestore,
  type Query,
} from 'firebase-admin/firestore';
import { LearnerCollections } from '../learner/model';
import { parseLearnerEvent, type LearnerEvent } from '../learner/events';
import { countReads, countWrites } from '../platform/io-stats';
import { XapiCollections, type StatementIndexDoc } from './model';
import type { StatementCursor } from './query';
import { statementId } from './statements';

export type IndexOutcome = 'indexed' | 'duplicate' | 'erased' | 'missing';

export type StoredEvent = LearnerEvent & { stored_at: string; path: string };

/** How many of a resource's events one look for a completion's fate reads at a time. */
const FATE_PAGE = 50;

function stored(path: string, data: Record<string, unknown>): StoredEvent {
  const { stored_at: storedAt, ...event } = data;
  return { ...parseLearnerEvent(event), stored_at: storedAt as string, path };
}

/** Completions and submissions: what a later `reopened` event takes back (xAPI voiding). */
const voidable = (e: LearnerEvent) =>
  (e.kind === 'completed' && e.data.scope === 'resource') || e.kind === 'submitted';

/**
 * Reads learner event streams for the xAPI export: every learner's (a collection-group query on
 * `events` by stored time) or one learner's. Writes only the statement directory.
 */
export class XapiRepository {
  constructor(
    private readonly firestore: Firestore,
    /** The account's erasure record (privacy feature); null when none can exist. */
    private readonly erasureRecord: (uid: string) => DocumentReference | null = () => null,
  ) {}

  private stream(uid: string) {
    return this.firestore
      .collection(LearnerCollections.users)
      .doc(uid)
      .collection(LearnerCollections.events);
  }

  /** Up to `limit` events stored in `(since, until]`, by stored time then path, after `after`. */
  async page(filter: {
    uid: string | null;
    since?: string;
    until?: string;
    ascending: boolean;
    after?: StatementCursor;
    limit: number;
  }): Promise<StoredEvent[]> {
    const dir = filter.ascending ? 'asc' : 'desc';
    let q: Query = filter.uid
      ? this.stream(filter.uid)
      : this.firestore.collectionGroup(LearnerCollections.events);
    if (filter.since) q = q.where('stored_at', '>', filter.since);
    if (filter.until) q = q.where('stored_at', '<=', filter.until);
    q = q.orderBy('stored_at', dir).orderBy(FieldPath.documentId(), dir);
    if (filter.after) q = q.startAfter(filter.after[0], this.firestore.doc(filter.after[1]));
    const snap = await q.limit(filter.limit).get();
    countReads(Math.max(1, snap.size));
    return snap.docs
      .filter((d) => d.ref.parent.parent?.parent.id === LearnerCollections.users)
      .map((d) => stored(d.ref.path, d.data()));
  }

  /** The learner's events of a resource after (or before) `eventId`, nearest first. */
  private async *resourceEvents(
    uid: string,
    resourceId: string,
    eventId: string,
    direction: 'asc' | 'desc',
  ): AsyncGenerator<LearnerEvent> {
    for (let from = eventId; ;) {
      const snap = await this.stream(uid)
        .where('data.resource_id', '==', resourceId)
        .orderBy(FieldPath.documentId(), direction)
        .startAfter(from)
        .limit(FATE_PAGE)
        .get();
      countReads(Math.max(1, snap.size));
      for (const doc of snap.docs) yield parseLearnerEvent(strip(doc.data()));
      if (snap.size < FATE_PAGE) return;
      from = snap.docs.at(-1)?.id ?? from;
    }
  }

  /** The latest completion or submission of `resourceId` before `eventId`: what it reopened. */
  async reopenedTarget(uid: string, resourceId: string, eventId: string): Promise<string | null> {
    for await (const event of this.resourceEvents(uid, resourceId, eventId, 'desc'))
      if (voidable(event)) return event.id;
    return null;
  }

  /**
   * Whether a completion or submission was later taken back: the next of the resource's events
   * that completes, submits or reopens it is a `reopened` one. Such a statement is voided, and an
   * LRS returns no voided statement in a query.
   */
  async isVoided(uid: string, resourceId: string, eventId: string): Promise<boolean> {
    for await (const event of this.resourceEvents(uid, resourceId, eventId, 'asc')) {
      if (event.kind === 'reopened') return true;
      if (voidable(event)) return false;
    }
    return false;
  }

  /**
   * Enters a stored event's statement in the directory, once. The transaction reads the event
   * (gone when its account was erased) and the erasure record, so an erasure's removal of the
   * learner's documents is never followed by a late entry.
   */
  async index(uid: string, eventId: string): Promise<IndexOutcome> {
    const id = statementId(eventId);
    const user = this.firestore.collection(XapiCollections.users).doc(uid);
    const entry = user.collection(XapiCollections.statements).doc(id);
    const event = this.stream(uid).doc(eventId);
    const erasure = this.erasureRecord(uid);
    return this.firestore.runTransaction(async (tx) => {
      const [erased, stored, indexed] = await Promise.all([
        erasure ? tx.get(erasure).then((s) => s.exists) : Promise.resolve(false),
        tx.get(event),
        tx.get(entry).then((s) => s.exists),
      ]);
      countReads(erasure ? 3 : 2);
      if (erased) return 'erased';
      if (!stored.exists) return 'missing';
      if (indexed) return 'duplicate';
      const doc: StatementIndexDoc = {
        statement_id: id,
        user_id: uid,
        event_id: eventId,
        stored_at: stored.get('stored_at') as string,
      };
      countWrites();
      tx.create(entry, doc);
      return 'indexed';
    });
  }

  /** The learner's directory entry of statement `id`; null when absent (or erased). */
  async entry(uid: string, id: string): Promise<StatementIndexDoc | null> {
    const snap = await this.entryRef(uid, id).get();
    countReads();
    return snap.exists ? (snap.data() as StatementIndexDoc) : null;
  }

  /** The learner's stored event `eventId`, or null. */
  async event(uid: string, eventId: string): Promise<StoredEvent | null> {
    const snap = await this.stream(uid).doc(eventId).get();
    countReads();
    return snap.exists ? stored(snap.ref.path, snap.data() as Record<string, unknown>) : null;
  }

  /** Records a push's result on the entry; nothing when the entry is gone (the account erased). */
  async recordPush(
    uid: string,
    id: string,
    push: Required<Pick<StatementIndexDoc, 'push_status' | 'push_attempts'>> &
      Pick<StatementIndexDoc, 'pushed_at' | 'push_error'>,
  ): Promise<void> {
    const ref = this.entryRef(uid, id);
    await this.firestore.runTransaction(async (tx) => {
      const entry = await tx.get(ref);
      countReads();
      if (!entry.exists) return;
      countWrites();
      tx.update(ref, push);
    });
  }

  private entryRef(uid: string, id: string) {
    return this.firestore
      .collection(XapiCollections.users)
      .doc(uid)
      .collection(XapiCollections.statements)
      .doc(id);
  }

  /** The stored event whose statement has id `id`, or null when the directory has none. */
  async byStatementId(id: string): Promise<StoredEvent | null> {
    const snap = await this.firestore
      .collectionGroup(XapiCollections.statements)
      .where('statement_id', '==', id)
      .limit(1)
      .get();
    countReads(Math.max(1, snap.size));
    const entry = snap.docs[0]?.data() as StatementIndexDoc | undefined;
    if (!entry) return null;
    const event = await this.stream(entry.user_id).doc(entry.event_id).get();
    countReads();
    return event.exists ? stored(event.ref.path, event.data() as Record<string, unknown>) : null;
  }
}

function strip(data: Record<string, unknown>): Record<string, unknown> {
  const { stored_at: _storedAt, ...event } = data;
  return event;
}
