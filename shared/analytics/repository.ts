import {
  FieldPath,
  type CollectionReference,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { resolveTimezone } from '../email/schedule';
import { parseLearnerEvent, type LearnerEvent } from '../learner/events';
import { countReads, countWrites } from '../platform/io-stats';
import type { DayBucket } from './bucket';
import { AnalyticsCollections, SUMMARY_DOC } from './model';
import type { AnalyticsSummary } from './summary';
import { addDays } from './time';

/** How many day documents one read of a streak's earlier run fetches at a time. */
const RUN_PAGE = 14;

function asEvent(data: Record<string, unknown>): LearnerEvent {
  const { stored_at: _storedAt, ...event } = data;
  return parseLearnerEvent(event);
}

/**
 * The only code that touches the analytics documents. It also reads the learner's event stream
 * (immutable documents the learner model writes), read-only, inside its transactions.
 */
export class AnalyticsRepository {
  constructor(
    readonly firestore: Firestore,
    /** The account's erasure record (privacy feature); null when none can exist. */
    private readonly erasureRecord: (uid: string) => DocumentReference | null = () => null,
  ) {}

  /** Whether the account is being erased, read in the transaction. */
  async txErased(tx: Transaction, uid: string): Promise<boolean> {
    const record = this.erasureRecord(uid);
    if (!record) return false;
    countReads();
    return (await tx.get(record)).exists;
  }

  private user(uid: string): DocumentReference {
    return this.firestore.collection(AnalyticsCollections.users).doc(uid);
  }

  private days(uid: string): CollectionReference {
    return this.user(uid).collection(AnalyticsCollections.days);
  }

  private events(uid: string): CollectionReference {
    return this.user(uid).collection(AnalyticsCollections.events);
  }

  private summaryRef(uid: string): DocumentReference {
    return this.user(uid).collection(AnalyticsCollections.analytics).doc(SUMMARY_DOC);
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.firestore.runTransaction(work);
  }

  async txSummary(tx: Transaction, uid: string): Promise<AnalyticsSummary | null> {
    countReads();
    const snap = await tx.get(this.summaryRef(uid));
    return snap.exists ? (snap.data() as AnalyticsSummary) : null;
  }

  async txDay(tx: Transaction, uid: string, day: string): Promise<DayBucket | null> {
    countReads();
    const snap = await tx.get(this.days(uid).doc(day));
    return snap.exists ? (snap.data() as DayBucket) : null;
  }

  /*
   * The reads below are outside any transaction on purpose: events never change, and a day only
   * ever turns active, never back. A transactional read would lock the learner's stream against
   * the ingest that appends to it, and the summary's own transaction already orders every
   * decision that depends on these reads (see aggregate.ts).
   */

  async event(uid: string, eventId: string): Promise<LearnerEvent | null> {
    countReads();
    const snap = await this.events(uid).doc(eventId).get();
    return snap.exists ? asEvent(snap.data() as Record<string, unknown>) : null;
  }

  /** The profile's timezone, UTC when it names none (or none Pathwise knows). */
  async profileTimezone(uid: string): Promise<string> {
    countReads();
    const zone: unknown = (await this.user(uid).get()).get('timezone');
    return resolveTimezone(typeof zone === 'string' ? zone : null);
  }

  /** The events whose ids fall in `[from, until)`: one local day's, in stream order. */
  async eventsBetween(uid: string, [from, until]: [string, string]): Promise<LearnerEvent[]> {
    const snap = await this.events(uid)
      .orderBy(FieldPath.documentId())
      .startAt(from)
      .endBefore(until)
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => asEvent(d.data()));
  }

  /** How many consecutive active days end on `day` (reads back, a page of days at a time). */
  async activeRunEnding(uid: string, day: string): Promise<number> {
    let run = 0;
    for (let page = day; ;) {
      const ids = Array.from({ length: RUN_PAGE }, (_, i) => addDays(page, -i));
      const snaps = await this.firestore.getAll(...ids.map((id) => this.days(uid).doc(id)));
      countReads(snaps.length);
      for (const snap of snaps) {
        if (!snap.exists || (snap.data() as DayBucket).activity_events === 0) return run;
        run += 1;
      }
      page = addDays(page, -RUN_PAGE);
    }
  }

  /** Writes what changed: the day, the summary, or both. */
  txWrite(
    tx: Transaction,
    uid: string,
    day: DayBucket | null,
    summary: AnalyticsSummary | null,
  ): void {
    if (day) {
      tx.set(this.days(uid).doc(day.date), day);
      countWrites();
    }
    if (summary) {
      tx.set(this.summaryRef(uid), summary);
      countWrites();
    }
  }

  /** What a dashboard reads: the summary and the days from `first` on (at most a window's). */
  async window(
    uid: string,
    first: string,
  ): Promise<{ summary: AnalyticsSummary | null; days: DayBucket[] }> {
    const [summary, days] = await Promise.all([
      this.summaryRef(uid).get(),
      this.days(uid).orderBy(FieldPath.documentId()).startAt(first).get(),
    ]);
    countReads(1 + Math.max(1, days.size));
    return {
      summary: summary.exists ? (summary.data() as AnalyticsSummary) : null,
      days: days.docs.map((d) => d.data() as DayBucket),
    };
  }

  /** Every stored aggregate of a learner (for a replay check or a rebuild). */
  async all(uid: string): Promise<{ summary: AnalyticsSummary | null; days: DayBucket[] }> {
    return this.window(uid, '0000-00-00');
  }
}
