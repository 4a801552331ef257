import { adjustmentWeekAt } from '../../../../shared/analytics/adjustment-week';
import { statementId } from '../../../../shared/xapi/statements';
import { Topics } from '../../../../shared/triggers';
import { createUser } from '../../../helpers/auth';
import { documentCreatedEvent, pubsubEvent } from '../../../helpers/events';
import { streamOf } from '../../../helpers/learner-events';
import { db, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { adjustmentsOf, learnerWithLastWeek, thisWeek } from '../../../helpers/weekly-adjustments';
import { anonymised, redeliver, redispatch, type Scenario } from './scenario';

/** A learner who struggled with sql last week: active, with a revision to add this week. */
const strugglingLearner = (label: string) =>
  learnerWithLastWeek(label, (s, sunday) => [
    s.quiz(`${sunday}T09:00:00Z`, 40, { skills: ['sql'] }),
  ]);

/** The learner's stored adjustments by week, without the moment each was made. */
async function adjustments(uid: string) {
  const docs = await adjustmentsOf(uid);
  return anonymised(
    docs
      .map(({ made_at: _madeAt, ...doc }) => doc)
      .sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0)),
    { [uid]: '<uid>' },
  );
}

export const planWeeklyAdjustments: Scenario = {
  async prepare() {
    const learner = await strugglingLearner('dup-plan-adjust');
    const tick = () => pubsubEvent(Topics.weeklyAdjustmentTick, {});
    return {
      deliver: redeliver('planWeeklyAdjustments', tick()),
      deliverLater: redeliver('planWeeklyAdjustments', tick()),
      /** This week's adjustment, made by the one task the ticks queued for the learner. */
      async observe() {
        await waitFor(
          () => adjustmentsOf(learner.uid),
          (docs) => docs.length > 0,
        );
        // Long enough for a second task of the same week, had one been queued, to run too.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return adjustments(learner.uid);
      },
    };
  },
};

export const applyWeeklyAdjustment: Scenario = {
  async prepare() {
    const learner = await strugglingLearner('dup-apply-adjust');
    const lastWeek = adjustmentWeekAt(new Date(Date.now() - 7 * 86_400_000), 'UTC').week;
    return {
      deliver: redispatch('applyWeeklyAdjustment', {
        user_id: learner.uid,
        week: thisWeek().week,
      }),
      deliverLater: redispatch('applyWeeklyAdjustment', { user_id: learner.uid, week: lastWeek }),
      observe: () => adjustments(learner.uid),
    };
  },
};

/**
 * The statement directory entry of a stored event. Storing the event already fires the trigger
 * once; the scenario's deliveries come on top. Settled means each stored event has its entry.
 */
export const indexStatement: Scenario = {
  async prepare() {
    const learner = await createUser('learner', 'dup-xapi-index');
    const s = streamOf(learner.uid);
    const [first, later] = [s.viewed('2026-03-01T09:00:00Z'), s.completed('2026-03-01T09:10:00Z')];
    const repo = testServices().learner.repository;
    await repo.storeOnce(learner.uid, [first], new Date('2026-03-01T09:00:01Z'));
    const stored = [first];
    const entries = db().collection(`users/${learner.uid}/xapiStatements`);
    const index = (id: string) =>
      redeliver('indexStatement', documentCreatedEvent(`users/${learner.uid}/events/${id}`));
    return {
      deliver: index(first.id),
      async deliverLater() {
        if (stored.length === 1) {
          await repo.storeOnce(learner.uid, [later], new Date('2026-03-01T09:10:01Z'));
          stored.push(later);
        }
        return index(later.id)();
      },
      async observe() {
        const settled = await waitFor(
          async () =>
            (await entries.get()).docs.map((d) => ({
              id: d.id,
              ...(d.data() as { event_id: string }),
            })),
          (docs) => docs.length === stored.length,
        );
        for (const entry of settled) expect(entry.id).toBe(statementId(String(entry.event_id)));
        return anonymised(settled, {
          [learner.uid]: '<uid>',
          ...Object.fromEntries(stored.map((e, i) => [e.id, `<event ${i}>`])),
          ...Object.fromEntries(stored.map((e, i) => [statementId(e.id), `<statement ${i}>`])),
        });
      },
    };
  },
};
