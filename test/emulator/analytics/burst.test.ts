import { replay } from '../../../shared/analytics/replay';
import type { LearnerEvent } from '../../../shared/learner/events';
import { createUser } from '../../helpers/auth';
import { deliverEvent, documentCreatedEvent } from '../../helpers/events';
import { streamOf } from '../../helpers/learner-events';
import { db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

const ZONE = 'America/New_York';

async function stored(uid: string) {
  const user = db().collection('users').doc(uid);
  const [summary, days, folded] = await Promise.all([
    user.collection('analytics').doc('summary').get(),
    user.collection('analyticsDays').get(),
    user.collection('analyticsFolded').count().get(),
  ]);
  return {
    summary: summary.data(),
    days: Object.fromEntries(days.docs.map((d) => [d.id, d.data()])),
    folded: folded.data().count,
  };
}

/**
 * A burst: one learner's 100 events stored in one commit, so the trigger folds them all at once,
 * and each delivered once more, all together, by the test — 200 concurrent folds of one learner,
 * most on the same day. Every delivery succeeds at its first attempt (no lock timeout, nothing
 * left to redelivery), and the documents are exactly a replay of the stream.
 */
describe('a burst of one learner’s events', () => {
  it('folds without a failed delivery into exactly the replay of the stream', async () => {
    const learner = await createUser('learner');
    await db().collection('users').doc(learner.uid).set({ timezone: ZONE }, { merge: true });
    const s = streamOf(learner.uid);
    const base = Date.parse('2026-02-10T22:00:00Z');
    const events: LearnerEvent[] = Array.from({ length: 100 }, (_, i) => {
      // Every 40 s across 66 minutes, over the learner's midnight in UTC (17:00 in New York).
      const at = new Date(base + i * 40_000).toISOString();
      if (i % 10 === 9)
        return s.quiz(at, (i * 7) % 100, { resource: `quiz-${i % 3}`, skills: ['sql'] });
      if (i % 5 === 4) return s.progressed(at, 2, `r${i % 4}`);
      if (i % 25 === 0) return s.goal(at, `g${i % 2}`, 'active', `Goal ${i}`);
      return s.viewed(at, `r${i % 4}`);
    });
    await testServices().learner.repository.storeOnce(learner.uid, events, new Date());

    const deliveries = await Promise.all(
      events.map((e) =>
        deliverEvent(
          'foldLearnerAnalytics',
          documentCreatedEvent(`users/${learner.uid}/events/${e.id}`),
        ),
      ),
    );
    expect(deliveries.map((d) => d.status)).toEqual(events.map(() => 204));

    const expected = replay(learner.uid, events, ZONE);
    const aggregates = await waitFor(
      () => stored(learner.uid),
      (a) => a.folded === events.length,
      20_000,
    );
    expect(aggregates.summary).toEqual(expected.stored.summary);
    expect(aggregates.days).toEqual(expected.stored.days);
    expect(Object.values(aggregates.days).reduce((n, d) => n + (d.events as number), 0)).toBe(100);
    expect(expected.summary.goals.g0?.title).toBe('Goal 50');
  });
});
