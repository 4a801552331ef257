import { adjustmentTaskId, adjustmentWeekAt } from '../../shared/analytics/adjustment-week';
import type { WeeklyAdjustmentDoc } from '../../shared/analytics/model';
import type { LearnerEvent } from '../../shared/learner/events';
import { createTasksClient, queuePath } from '../../shared/platform/tasks';
import { Queues } from '../../shared/triggers';
import { createUser, type TestUser } from './auth';
import { streamOf } from './learner-events';
import { db, testServices } from './services';
import { waitFor } from './wait';

/** Test learners have no timezone in their profile: their days are UTC days. */
export const thisWeek = () => adjustmentWeekAt(new Date(), 'UTC');

/**
 * A learner whose stream has `events(stream, lastSunday)` (the week before this one), stored and
 * folded into their analytics summary, so the weekly job counts them active.
 */
export async function learnerWithLastWeek(
  label: string,
  events: (s: ReturnType<typeof streamOf>, lastSunday: string) => LearnerEvent[],
): Promise<TestUser> {
  const learner = await createUser('learner', label);
  const stream = events(streamOf(learner.uid), thisWeek().week_ending);
  await testServices().learner.repository.storeOnce(learner.uid, stream, new Date());
  const folded = db().collection(`users/${learner.uid}/analyticsFolded`);
  await waitFor(
    async () => (await folded.count().get()).data().count,
    (n) => n === stream.length,
  );
  return learner;
}

export async function adjustmentsOf(uid: string): Promise<WeeklyAdjustmentDoc[]> {
  const snap = await db().collection(`users/${uid}/weeklyAdjustments`).get();
  return snap.docs.map((d) => d.data() as WeeklyAdjustmentDoc);
}

/** The full Cloud Tasks name of a learner's adjustment task for `week`. */
export function adjustmentTaskName(uid: string, week: string): string {
  const queue = queuePath(Queues.weeklyAdjustments, testServices().config);
  return `${queue}/tasks/${adjustmentTaskId(uid, week)}`;
}

export const tasksClient = () => createTasksClient(testServices().config);
