import { adjustmentWeekAt } from '../../../../shared/analytics/adjustment-week';
import { Topics } from '../../../../shared/triggers';
import { pubsubEvent } from '../../../helpers/events';
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
