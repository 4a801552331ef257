import { replay } from '../../../../shared/analytics/replay';
import { pathReplanEvent } from '../../../../shared/events';
import { resolveTimezone } from '../../../../shared/email/schedule';
import type { LearnerEvent } from '../../../../shared/learner/events';
import { LearnerCollections } from '../../../../shared/learner/model';
import { Topics } from '../../../../shared/triggers';
import { api } from '../../../helpers/api';
import { createUser, type TestUser } from '../../../helpers/auth';
import { documentCreatedEvent, pubsubEvent } from '../../../helpers/events';
import { replannableGoal } from '../../../helpers/learning-paths';
import { streamOf } from '../../../helpers/learner-events';
import { db, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { anonymised, redeliver, type Scenario } from './scenario';

const users = () => db().collection(LearnerCollections.users);

/** The learner's stored stream, in id (= time) order, without the store times. */
async function stream(uid: string): Promise<LearnerEvent[]> {
  const snap = await users().doc(uid).collection(LearnerCollections.events).get();
  return snap.docs.map((d) => {
    const { stored_at: _storedAt, ...event } = d.data();
    return event as LearnerEvent;
  });
}

/** Labels for a learner's uid and event ids, so two learners' equal states compare equal. */
function labels(uid: string, events: readonly LearnerEvent[]): Record<string, string> {
  return {
    ...Object.fromEntries(events.map((e, i) => [e.id, `<event-${i}>`])),
    [uid]: '<uid>',
  };
}

/** Two quiz attempts a day apart on one skill: the later one moves the model on. */
function attempts(uid: string) {
  const s = streamOf(uid);
  return {
    first: s.quiz('2026-03-02T10:00:00.000Z', 40, { skills: ['python'] }),
    later: s.quiz('2026-03-03T10:00:00.000Z', 90, { skills: ['python'] }),
  };
}

export const onLearnerEvent: Scenario = {
  async prepare() {
    const learner = await createUser('learner', 'dup-learner-events');
    const { first, later } = attempts(learner.uid);
    const topic = Topics.learnerEvents;
    return {
      deliver: redeliver('onLearnerEvent', pubsubEvent(topic, first)),
      deliverLater: redeliver('onLearnerEvent', pubsubEvent(topic, later)),
      /** The stream (each event once) and what the refold derived from it. */
      async observe() {
        const events = await stream(learner.uid);
        const [profile, recommendations] = await Promise.all([
          db().collection(LearnerCollections.profiles).doc(learner.uid).get(),
          db()
            .collection(LearnerCollections.recommendations)
            .where('user_id', '==', learner.uid)
            .get(),
        ]);
        const model = profile.data() ?? {};
        return anonymised(
          {
            events: events.map((e) => e.id),
            folded_through: model.model?.last_event_id ?? null,
            skill_levels: model.skill_levels ?? null,
            knowledge_gaps: model.knowledge_gaps ?? null,
            // Recommendation ids hash the learner's uid: compared by content, in content order.
            recommendations: recommendations.docs
              .map((d) => {
                const { id: _id, ...content } = d.data();
                return JSON.stringify(content);
              })
              .sort(),
          },
          labels(learner.uid, events),
        );
      },
    };
  },
};

/**
 * The analytics fold of a stored event. Storing it (the ingest, as onLearnerEvent does) already
 * fires the Firestore trigger once; the scenario's deliveries come on top. Settled means every
 * stored event is in a day; the state must then be what `replay` computes from the stream.
 */
export const foldLearnerAnalytics: Scenario = {
  async prepare() {
    const learner = await createUser('learner', 'dup-analytics');
    const { first, later } = attempts(learner.uid);
    const ingest = testServices().learner.ingest;
    await ingest.fromLearnerEvent(first);
    let laterStored = false;
    const fold = (event: LearnerEvent) =>
      redeliver(
        'foldLearnerAnalytics',
        documentCreatedEvent(`users/${learner.uid}/events/${event.id}`),
      );
    const user = users().doc(learner.uid);
    const aggregates = async () => {
      const [summary, days] = await Promise.all([
        user.collection('analytics').doc('summary').get(),
        user.collection('analyticsDays').get(),
      ]);
      return {
        summary: summary.data() ?? null,
        days: Object.fromEntries(days.docs.map((d) => [d.id, d.data()])),
      };
    };
    return {
      deliver: fold(first),
      async deliverLater() {
        if (!laterStored) await ingest.fromLearnerEvent(later);
        laterStored = true;
        return fold(later)();
      },
      async observe() {
        const events = await stream(learner.uid);
        const settled = await waitFor(aggregates, (a) => {
          const folded = Object.values(a.days).reduce((n, d) => n + Number(d.events), 0);
          return folded === events.length;
        });
        // Exactly what one fold of each stored event gives: a replay of the stream from scratch.
        const expected = replay(learner.uid, events, resolveTimezone(null));
        expect(settled.summary).toEqual(expected.stored.summary);
        expect(settled.days).toEqual(expected.stored.days);
        return anonymised(settled, labels(learner.uid, events));
      },
    };
  },
};

let planner: Promise<TestUser> | undefined;

/**
 * A refold that moved a level staged this replan; the stack relays it too, so the state one
 * delivery leaves is the goal's requested path and one replanned version, whoever got there.
 */
export const replanLearningPaths: Scenario = {
  async prepare() {
    planner ??= createUser('instructor', 'dup-replans');
    const learner = await createUser('learner', 'dup-replans');
    const goal = await replannableGoal(await planner, learner);
    // A second required resource: passing the quiz then closes the gap without completing the
    // pathway. Otherwise the removed step's reason ("Completed" or "No longer needed") would
    // depend on whether the completion was folded before the first replan, not on delivery.
    const moduleId = `${goal.pathwayId}-m1`;
    const reading = await api((await planner).token).post(`/api/v1/modules/${moduleId}/resources`, {
      id: `${moduleId}-r2`,
      type: 'article',
      title: 'SQL reading',
      duration_minutes: 30,
    });
    if (reading.status !== 201) throw new Error(`add resource: ${reading.status}`);
    await goal.passQuiz();
    // Folded through the quiz: its band is known, and the event the replan names.
    const profile = await waitFor(
      async () =>
        (await db().collection(LearnerCollections.profiles).doc(learner.uid).get()).data(),
      (p) => p?.skill_levels?.[goal.skill] !== undefined,
    );
    const folded = profile?.model.last_event_id as string;
    const message = (changes: { skill_id: string; from: number | null; to: number | null }[]) =>
      pathReplanEvent({ user_id: learner.uid, learner_event_id: folded, changes }).data;
    const level = profile?.skill_levels[goal.skill].level as number;
    const topic = Topics.pathReplans;
    return {
      deliver: redeliver(
        'replanLearningPaths',
        pubsubEvent(topic, message([{ skill_id: goal.skill, from: null, to: level }])),
      ),
      deliverLater: redeliver(
        'replanLearningPaths',
        pubsubEvent(topic, message([{ skill_id: goal.skill, from: level, to: level + 1 }])),
      ),
      /** The goal's path versions: what planned each and how it changed. */
      async observe() {
        const versions = await waitFor(
          async () => (await api(learner.token).get(goal.versionsUrl)).body.versions,
          (v) => v?.length >= 2,
        );
        return anonymised(
          versions.map(
            (v: {
              version: number;
              trigger: { kind: string; reason: string; changes?: unknown; event_id?: string };
              changes: unknown;
            }) => ({
              version: v.version,
              // The stack's own relay and these deliveries may name different folded events.
              trigger: {
                kind: v.trigger.kind,
                reason: v.trigger.reason,
                changes: v.trigger.changes,
              },
              changes: v.changes,
            }),
          ),
          { [learner.uid]: '<uid>', [goal.skill]: '<skill>', [goal.pathwayId]: '<pathway>' },
        );
      },
    };
  },
};
