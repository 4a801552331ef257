import type { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { log, LogEvent } from '../log';
import { countReads } from '../platform/io-stats';
import { LearnerCollections } from '../learner/model';
import { RecommendationListSchema } from '../learner/schemas';

/**
 * What the dashboard reads from the learner model, behind a small read-only port: the active
 * next-lesson recommendations (each with its reason) and the learner's weekly study target.
 * The learner model owns and writes these documents; analytics never does.
 */
export interface NextLesson {
  recommendation_id: string;
  lesson_id: string;
  pathway_id: string | null;
  title: string;
  reason: string;
  estimated_minutes: number | null;
}

export interface LearnerModelReader {
  nextLessons(uid: string, limit: number): Promise<NextLesson[]>;
  weeklyTargetHours(uid: string): Promise<number | null>;
}

export const RECOMMENDATIONS_COLLECTION = LearnerCollections.recommendations;

/** A stored recommendation: the learner model's view of one, with its owner. */
const StoredRecommendationSchema = RecommendationListSchema.shape.recommendations.element
  .pick({ reason_code: true, reason: true, target: true, estimated_minutes: true, priority: true })
  .extend({ user_id: z.string(), status: z.string() });

const NEXT_LESSON_CODES = new Set(['next_in_sequence', 'prerequisite_first']);

const WeeklyHoursSchema = z.number().positive().max(168);

/**
 * The port over Firestore: `recommendations/{id}` (the learner model's, with `user_id` and
 * `status`), and `learnerProfiles/{uid}`'s `preferences.weekly_hours`. Equality filters only, so no
 * composite index; a document that does not parse is skipped and logged, never fatal.
 */
export class FirestoreLearnerModelReader implements LearnerModelReader {
  constructor(private readonly firestore: Firestore) {}

  async nextLessons(uid: string, limit: number): Promise<NextLesson[]> {
    const snap = await this.firestore
      .collection(RECOMMENDATIONS_COLLECTION)
      .where('user_id', '==', uid)
      .where('status', '==', 'active')
      .limit(50)
      .get();
    countReads(Math.max(1, snap.size));
    const lessons: (NextLesson & { priority: number })[] = [];
    for (const doc of snap.docs) {
      const parsed = StoredRecommendationSchema.safeParse(doc.data());
      if (!parsed.success) {
        log.warn(LogEvent.eventIgnored, 'Recommendation document not in the expected shape', {
          recommendation_id: doc.id,
        });
        continue;
      }
      const r = parsed.data;
      if (!NEXT_LESSON_CODES.has(r.reason_code) || r.target.type !== 'resource') continue;
      lessons.push({
        recommendation_id: doc.id,
        lesson_id: r.target.id,
        pathway_id: r.target.pathway_id,
        title: r.target.title,
        reason: r.reason,
        estimated_minutes: r.estimated_minutes,
        priority: r.priority,
      });
    }
    return lessons
      .sort(
        (a, b) => b.priority - a.priority || (a.recommendation_id < b.recommendation_id ? -1 : 1),
      )
      .slice(0, limit)
      .map(({ priority: _priority, ...lesson }) => lesson);
  }

  async weeklyTargetHours(uid: string): Promise<number | null> {
    countReads();
    const snap = await this.firestore.collection(LearnerCollections.profiles).doc(uid).get();
    const hours = WeeklyHoursSchema.safeParse(snap.get('preferences.weekly_hours'));
    return hours.success ? hours.data : null;
  }
}
