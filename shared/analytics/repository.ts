import {
  FieldPath,
  FieldValue,
  type CollectionReference,
  type DocumentReference,
  type Firestore,
} from 'firebase-admin/firestore';
import { resolveTimezone } from '../email/schedule';
import { parseLearnerEvent, type LearnerEvent } from '../learner/events';
import { GrpcStatus } from '../platform/grpc';
import { countReads, countWrites } from '../platform/io-stats';
import { toWrite, type Part } from './additive';
import type { DayDoc } from './bucket';
import { AnalyticsCollections, SUMMARY_DOC, type WeeklyAdjustmentDoc } from './model';
import { emptySummaryDoc, type SummaryDoc } from './summary';

export type FoldOutcome = 'folded' | 'duplicate' | 'erased';
export type AdjustmentOutcome = 'stored' | 'duplicate' | 'erased';

const increment = (n: number) => FieldValue.increment(n);

/**
 * The only code that touches the analytics documents. It also reads the learner's event stream
 * (immutable documents the learner model writes) and profile, read-only.
 */
export class AnalyticsRepository {
  constructor(
    readonly firestore: Firestore,
    /** The account's erasure record (privacy feature); null when none can exist. */
    private readonly erasureRecord: (uid: string) => DocumentReference | null = () => null,
  ) {}

  private user(uid: string): DocumentReference {
    return this.firestore.collection(AnalyticsCollections.users).doc(uid);
  }

  private days(uid: string): CollectionReference {
    return this.user(uid).collection(AnalyticsCollections.days);
  }

  private summaryRef(uid: string): DocumentReference {
    return this.user(uid).collection(AnalyticsCollections.analytics).doc(SUMMARY_DOC);
  }

  async event(uid: string, eventId: string): Promise<LearnerEvent | null> {
    countReads();
    const snap = await this.user(uid).collection(AnalyticsCollections.events).doc(eventId).get();
    if (!snap.exists) return null;
    const { stored_at: _storedAt, ...event } = snap.data() as Record<string, unknown>;
    return parseLearnerEvent(event);
  }

  /**
   * The timezone the learner's days are cut in: the summary's, fixed by the first folded event
   * from the profile (UTC when it names none Pathwise knows). Two first events race to create
   * the summary; the loser reads the winner's.
   */
  async timezone(uid: string): Promise<string> {
    const ref = this.summaryRef(uid);
    countReads();
    const stored: unknown = (await ref.get()).get('timezone');
    if (typeof stored === 'string') return stored;
    countReads();
    const profileZone: unknown = (await this.user(uid).get()).get('timezone');
    const zone = resolveTimezone(typeof profileZone === 'string' ? profileZone : null);
    try {
      countWrites();
      await ref.create(emptySummaryDoc(uid, zone));
      return zone;
    } catch (error) {
      if ((error as { code?: unknown }).code !== GrpcStatus.ALREADY_EXISTS) throw error;
      countReads();
      return (await ref.get()).get('timezone') as string;
    }
  }

  /**
   * Adds one event's parts to its day and the summary, once. The transaction reads only what no
   * other event's fold writes — the account's erasure record and this event's marker — and
   * writes the sums blind (`increment`), so a burst of one learner's events commits without
   * lock waits or retries, while a repeated delivery finds its marker and adds nothing. Reading
   * the erasure record here orders the fold with an account deletion: either the deletion's
   * later step removes what this wrote, or this sees the record and writes nothing.
   */
  async fold(
    uid: string,
    eventId: string,
    day: { date: string; part: Part },
    summary: Part | null,
  ): Promise<FoldOutcome> {
    const marker = this.user(uid).collection(AnalyticsCollections.folded).doc(eventId);
    const erasure = this.erasureRecord(uid);
    return this.firestore.runTransaction(async (tx) => {
      const [erased, folded] = await Promise.all([
        erasure ? tx.get(erasure).then((s) => s.exists) : Promise.resolve(false),
        tx.get(marker).then((s) => s.exists),
      ]);
      countReads(erasure ? 2 : 1);
      if (erased) return 'erased';
      if (folded) return 'duplicate';
      tx.create(marker, { date: day.date });
      tx.set(this.days(uid).doc(day.date), toWrite(day.part, increment), { merge: true });
      if (summary) tx.set(this.summaryRef(uid), toWrite(summary, increment), { merge: true });
      countWrites(summary ? 3 : 2);
      return 'folded';
    });
  }

  /** What a dashboard reads: the summary and the days from `first` on (at most a window's). */
  async window(
    uid: string,
    first: string,
  ): Promise<{ summary: SummaryDoc | null; days: DayDoc[] }> {
    const [summary, days] = await Promise.all([
      this.summaryRef(uid).get(),
      this.days(uid).orderBy(FieldPath.documentId()).startAt(first).get(),
    ]);
    countReads(1 + Math.max(1, days.size));
    return {
      summary: summary.exists ? (summary.data() as SummaryDoc) : null,
      days: days.docs.map((d) => d.data() as DayDoc),
    };
  }

  /** Every stored aggregate of a learner (for a replay check or a rebuild). */
  async all(uid: string): Promise<{ summary: SummaryDoc | null; days: DayDoc[] }> {
    return this.window(uid, '0000-00-00');
  }

  /**
   * A page of learners' summaries in path order after `after` (a summary's path): every learner
   * with analytics has exactly one, so paging them visits each learner once.
   */
  async summaries(
    after: string | null,
    limit: number,
  ): Promise<{ summaries: SummaryDoc[]; last: string | null }> {
    let q = this.firestore
      .collectionGroup(AnalyticsCollections.analytics)
      .orderBy(FieldPath.documentId());
    if (after) q = q.startAfter(this.firestore.doc(after));
    const snap = await q.limit(limit).get();
    countReads(Math.max(1, snap.size));
    const summaries = snap.docs
      .filter(
        (d) =>
          d.id === SUMMARY_DOC && d.ref.parent.parent?.parent.id === AnalyticsCollections.users,
      )
      .map((d) => d.data() as SummaryDoc);
    return { summaries, last: snap.size < limit ? null : (snap.docs.at(-1)?.ref.path ?? null) };
  }

  private adjustmentRef(uid: string, week: string): DocumentReference {
    return this.user(uid).collection(AnalyticsCollections.adjustments).doc(week);
  }

  async adjustment(uid: string, week: string): Promise<WeeklyAdjustmentDoc | null> {
    countReads();
    const snap = await this.adjustmentRef(uid, week).get();
    return snap.exists ? (snap.data() as WeeklyAdjustmentDoc) : null;
  }

  /**
   * Stores a learner's adjustment for its week unless one is there: the first of concurrent
   * deliveries wins, the others find it. Reading the erasure record orders it with an account
   * deletion, as a fold does.
   */
  async storeAdjustment(doc: WeeklyAdjustmentDoc): Promise<AdjustmentOutcome> {
    const ref = this.adjustmentRef(doc.user_id, doc.week);
    const erasure = this.erasureRecord(doc.user_id);
    return this.firestore.runTransaction(async (tx) => {
      const [erased, stored] = await Promise.all([
        erasure ? tx.get(erasure).then((s) => s.exists) : Promise.resolve(false),
        tx.get(ref).then((s) => s.exists),
      ]);
      countReads(erasure ? 2 : 1);
      if (erased) return 'erased';
      if (stored) return 'duplicate';
      countWrites();
      tx.create(ref, doc);
      return 'stored';
    });
  }
}
