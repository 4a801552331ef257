import type { LearnerEvent } from '../../../../shared/learner/events';
import type { StatementIndexDoc } from '../../../../shared/xapi/model';
import { statementId } from '../../../../shared/xapi/statements';
import { createUser } from '../../../helpers/auth';
import { streamOf } from '../../../helpers/learner-events';
import { startTestLrs, type TestLrs } from '../../../helpers/lrs';
import { db, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { anonymised, redispatch, type Scenario } from './scenario';

/** One LRS for the scenario's preparations, storing everything; its queue stays paused. */
let lrs: Promise<TestLrs> | undefined;

export async function closeScenarioLrs(): Promise<void> {
  if (lrs) await (await lrs).close();
  lrs = undefined;
}

/**
 * The push of a statement to the LRS: the statement directory entry's push record. The events'
 * own push tasks wait in the paused queue; the scenario's deliveries are the task's dispatches.
 */
export const pushStatement: Scenario = {
  async prepare() {
    lrs ??= startTestLrs(() => 204, { dispatch: false });
    await lrs;
    const learner = await createUser('learner', 'dup-lrs-push');
    const s = streamOf(learner.uid);
    const [first, later] = [s.viewed('2026-03-01T09:00:00Z'), s.completed('2026-03-01T09:10:00Z')];
    const repo = testServices().learner.repository;
    const entries = db().collection(`users/${learner.uid}/xapiStatements`);
    const stored: LearnerEvent[] = [];
    const store = async (event: LearnerEvent, at: string) => {
      await repo.storeOnce(learner.uid, [event], new Date(at));
      stored.push(event);
      // indexStatement enters the statement in the directory, which the push reads.
      await waitFor(
        () => entries.doc(statementId(event.id)).get(),
        (doc) => doc.exists,
      );
    };
    await store(first, '2026-03-01T09:00:01Z');
    const push = (event: LearnerEvent) =>
      redispatch('pushStatement', { user_id: learner.uid, statement_id: statementId(event.id) });
    return {
      deliver: push(first),
      async deliverLater() {
        if (stored.length === 1) await store(later, '2026-03-01T09:10:01Z');
        return push(later)();
      },
      async observe() {
        const docs = (await entries.get()).docs.map((d) => d.data() as StatementIndexDoc);
        const pushed = docs.filter((d) => d.push_status !== undefined);
        for (const entry of pushed) expect(Date.parse(entry.pushed_at ?? '')).not.toBeNaN();
        return anonymised(
          docs.map(({ pushed_at: _pushedAt, ...entry }) => entry),
          {
            [learner.uid]: '<uid>',
            ...Object.fromEntries(stored.map((e, i) => [e.id, `<event ${i}>`])),
            ...Object.fromEntries(stored.map((e, i) => [statementId(e.id), `<statement ${i}>`])),
          },
        );
      },
    };
  },
};
