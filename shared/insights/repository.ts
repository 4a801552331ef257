import {
  AggregateField,
  FieldPath,
  Timestamp,
  type Firestore,
  type Query,
} from 'firebase-admin/firestore';
import type { Outline } from '../catalog/model';
import { LearnerCollections, type ProfileDoc } from '../learner/model';
import type { ResourceSignal } from '../learner/signals';
import { countReads } from '../platform/io-stats';
import { ProgressCollections, type EnrollmentDoc } from '../progress/model';
import { SubmissionCollections, type SubmissionDoc } from '../submissions/model';
import type { FunnelCounts } from './funnel';
import type { ItemCounts } from './item-difficulty';
import type { LearnerSignalsOf } from './at-risk';
import type { ResourceTimeState } from './time-per-resource';

/**
 * What the insights read, read-only, from the documents other features own (enrolments,
 * submissions, quiz attempts, the learner model's recommendations and profiles). Totals and
 * rates are Firestore aggregation queries (count, sum), which bill one read per 1,000 index
 * entries they match and return no documents; only figures no aggregation gives (medians,
 * percentiles, the at-risk reasons) read documents, and never more than the caps below.
 */

/** Enrolments read for the median time per resource: the most recently active ones. */
export const TIME_SAMPLE = 500;
/** Reviews read for the time to review: the window's latest. */
export const REVIEW_SAMPLE = 500;
/** Open struggling recommendations read, and at-risk learners at most examined. */
export const AT_RISK_RECOMMENDATIONS = 200;
export const AT_RISK_LEARNERS = 50;

const DONE = ['completed', 'submitted'];
/** Upload outcomes: the file arrived and passed the checks, or it never will. */
const SUCCEEDED: SubmissionDoc['status'][] = ['scan_pending', 'uploaded', 'approved', 'rejected'];
const FAILED: SubmissionDoc['status'][] = ['rejected_invalid', 'expired'];

const billed = (matched: number) => Math.max(1, Math.ceil(matched / 1000));

async function count(query: Query): Promise<number> {
  const n = (await query.count().get()).data().count;
  countReads(billed(n));
  return n;
}

const HOUR_MS = 3_600_000;

export class InsightsRepository {
  constructor(private readonly firestore: Firestore) {}

  private enrolments(pathwayId: string): Query {
    return this.firestore
      .collection(ProgressCollections.enrollments)
      .where('pathway_id', '==', pathwayId);
  }

  private submissions(pathwayId: string): Query {
    return this.firestore
      .collection(SubmissionCollections.submissions)
      .where('pathway_id', '==', pathwayId);
  }

  /** The funnel's counts and each resource's completions: 3 + modules + resources counts. */
  async progressCounts(
    pathwayId: string,
    outline: Outline,
  ): Promise<FunnelCounts & { done: Record<string, number> }> {
    const q = this.enrolments(pathwayId);
    const moduleIds = outline.modules.map((m) => m.module_id);
    const resourceIds = outline.modules.flatMap((m) => m.resources.map((r) => r.resource_id));
    const [enrolled, started, completed, modules, done] = await Promise.all([
      count(q),
      count(q.where('started_at', '!=', null)),
      count(q.where('pathway.completed_at', '!=', null)),
      Promise.all(
        moduleIds.map((id) =>
          count(q.where(new FieldPath('modules', id, 'completed'), '==', true)),
        ),
      ),
      Promise.all(
        resourceIds.map((id) =>
          count(q.where(new FieldPath('resources', id, 'status'), 'in', DONE)),
        ),
      ),
    ]);
    return {
      enrolled,
      started,
      completed,
      modules: Object.fromEntries(moduleIds.map((id, i) => [id, modules[i] as number])),
      done: Object.fromEntries(resourceIds.map((id, i) => [id, done[i] as number])),
    };
  }

  /** The resource states of the pathway's most recently active enrolments (at most the cap). */
  async recentResourceStates(
    pathwayId: string,
  ): Promise<Record<string, ResourceTimeState | undefined>[]> {
    const snap = await this.enrolments(pathwayId)
      .orderBy('updated_at', 'desc')
      .limit(TIME_SAMPLE)
      .select('resources')
      .get();
    countReads(Math.max(1, snap.size));
    return snap.docs.map((d) => (d.get('resources') ?? {}) as EnrollmentDoc['resources']);
  }

  /**
   * Learners with an open struggling recommendation on the pathway (the learner model's
   * documents), distinct, at most AT_RISK_LEARNERS; `more` when the caps left some out.
   */
  async strugglingLearners(pathwayId: string): Promise<{ uids: string[]; more: boolean }> {
    const snap = await this.firestore
      .collection(LearnerCollections.recommendations)
      .where('target.pathway_id', '==', pathwayId)
      .where('reason_code', '==', 'struggling')
      .where('status', 'in', ['active', 'accepted'])
      .limit(AT_RISK_RECOMMENDATIONS)
      .select('user_id')
      .get();
    countReads(Math.max(1, snap.size));
    const uids = [...new Set(snap.docs.map((d) => d.get('user_id') as string))].sort();
    return {
      uids: uids.slice(0, AT_RISK_LEARNERS),
      more: uids.length > AT_RISK_LEARNERS || snap.size === AT_RISK_RECOMMENDATIONS,
    };
  }

  /** The folded resource signals of these learners (learner model profiles). */
  async signals(uids: readonly string[]): Promise<LearnerSignalsOf[]> {
    if (uids.length === 0) return [];
    const profiles = this.firestore.collection(LearnerCollections.profiles);
    countReads(uids.length);
    const snaps = await this.firestore.getAll(...uids.map((uid) => profiles.doc(uid)));
    return snaps.map((s) => ({
      user_id: s.id,
      resources: ((s.data() as ProfileDoc | undefined)?.model?.signals.resources ?? {}) as Record<
        string,
        ResourceSignal
      >,
    }));
  }

  /** Scored answers per question of a quiz, over every attempt: two counts per question. */
  async itemCounts(
    resourceId: string,
    questionIds: readonly string[],
  ): Promise<Record<string, ItemCounts>> {
    const attempts = this.firestore
      .collectionGroup(ProgressCollections.quizAttempts)
      .where('resource_id', '==', resourceId);
    const answered = (id: string, correct: boolean) =>
      count(attempts.where('results', 'array-contains', { question_id: id, correct }));
    const rows = await Promise.all(
      questionIds.map(async (id) => {
        const [correct, incorrect] = await Promise.all([answered(id, true), answered(id, false)]);
        return [id, { correct, incorrect }] as const;
      }),
    );
    return Object.fromEntries(rows);
  }

  /** The review queue now and the reviews decided since `since`. */
  async reviewFigures(pathwayId: string, since: Date) {
    const q = this.submissions(pathwayId);
    const from = Timestamp.fromDate(since);
    const decided = (status: 'approved' | 'rejected') =>
      count(q.where('status', '==', status).where('review.reviewed_at', '>=', from));
    const [pending, oldest, approved, rejected, reviews] = await Promise.all([
      count(q.where('status', '==', 'uploaded')),
      q
        .where('status', '==', 'uploaded')
        .orderBy('uploaded_at')
        .limit(1)
        .select('uploaded_at')
        .get(),
      decided('approved'),
      decided('rejected'),
      q
        .where('review.reviewed_at', '>=', from)
        .orderBy('review.reviewed_at', 'desc')
        .limit(REVIEW_SAMPLE)
        .select('uploaded_at', 'review.reviewed_at')
        .get(),
    ]);
    countReads(1 + Math.max(1, reviews.size));
    const turnaround_hours = reviews.docs.flatMap((d) => {
      const uploaded = d.get('uploaded_at') as Timestamp | null;
      const reviewed = d.get('review.reviewed_at') as Timestamp;
      return uploaded ? [(reviewed.toMillis() - uploaded.toMillis()) / HOUR_MS] : [];
    });
    const first = oldest.docs[0]?.get('uploaded_at') as Timestamp | undefined;
    return {
      pending,
      oldest_pending_at: first ? first.toDate() : null,
      approved,
      rejected,
      turnaround_hours,
      turnaround_complete: reviews.size < REVIEW_SAMPLE,
    };
  }

  /** Files that arrived on each day, their bytes, and the outcomes of uploads opened since. */
  async uploadFigures(
    pathwayId: string,
    days: readonly { date: string; start: Date; end: Date }[],
  ) {
    const q = this.submissions(pathwayId);
    const arrived = (start: Date, end: Date) =>
      q
        .where('uploaded_at', '>=', Timestamp.fromDate(start))
        .where('uploaded_at', '<', Timestamp.fromDate(end));
    const first = days[0]?.start ?? new Date();
    const last = days[days.length - 1]?.end ?? new Date();
    const opened = (statuses: SubmissionDoc['status'][]) =>
      count(q.where('status', 'in', statuses).where('created_at', '>=', Timestamp.fromDate(first)));
    const [per_day, bytes, succeeded, failed, in_flight] = await Promise.all([
      Promise.all(
        days.map(async (d) => ({ date: d.date, files: await count(arrived(d.start, d.end)) })),
      ),
      arrived(first, last)
        .aggregate({ total: AggregateField.sum('actual_size') })
        .get(),
      opened(SUCCEEDED),
      opened(FAILED),
      opened(['awaiting_upload']),
    ]);
    countReads();
    return { per_day, total_bytes: bytes.data().total ?? 0, succeeded, failed, in_flight };
  }
}
