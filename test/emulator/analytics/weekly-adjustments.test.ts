import type { WeeklyAdjustmentDoc } from '../../../shared/analytics/model';
import { queuePath } from '../../../shared/platform/tasks';
import { Queues, Topics } from '../../../shared/triggers';
import { api } from '../../helpers/api';
import type { TestUser } from '../../helpers/auth';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { redispatch } from '../reliability/scenarios/scenario';
import { testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  adjustmentsOf,
  adjustmentTaskName,
  learnerWithLastWeek,
  tasksClient,
  thisWeek,
} from '../../helpers/weekly-adjustments';

/**
 * The weekly adjustment job end to end: the scheduler's tick (delivered as Eventarc delivers it,
 * repeatedly and concurrently) fans out one named task per active learner, the Tasks emulator
 * dispatches them through the queue, and each learner ends the week with exactly one stored
 * adjustment, which their analytics then show.
 */
const queue = () => queuePath(Queues.weeklyAdjustments, testServices().config);
const tick = () =>
  deliverEvent('planWeeklyAdjustments', pubsubEvent(Topics.weeklyAdjustmentTick, {}));

let struggling: TestUser;
let excelling: TestUser;
let behind: TestUser;

async function queuedTaskNames(): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  do {
    const [tasks, , response] = await tasksClient().listTasks(
      { parent: queue(), pageSize: 1000, ...(pageToken ? { pageToken } : {}) },
      { autoPaginate: false },
    );
    names.push(...tasks.map((t) => t.name ?? ''));
    pageToken = response?.nextPageToken ?? undefined;
  } while (pageToken);
  return names;
}

beforeAll(async () => {
  [struggling, excelling, behind] = await Promise.all([
    learnerWithLastWeek('adjust-weak', (s, sunday) => [
      s.quiz(`${sunday}T09:00:00Z`, 40, { skills: ['sql'] }),
      s.quiz(`${sunday}T10:00:00Z`, 50, { resource: 'quiz2', skills: ['sql'] }),
    ]),
    learnerWithLastWeek('adjust-strong', (s, sunday) => [
      s.quiz(`${sunday}T09:00:00Z`, 90),
      s.quiz(`${sunday}T10:00:00Z`, 95, { resource: 'quiz2' }),
      s.quiz(`${sunday}T11:00:00Z`, 100, { resource: 'quiz3' }),
    ]),
    learnerWithLastWeek('adjust-idle', (s, sunday) => [s.viewed(`${sunday}T09:00:00Z`)]),
  ]);
});

afterAll(async () => {
  await tasksClient().resumeQueue({ name: queue() });
});

describe('the weekly adjustment job', () => {
  it('queues one task per learner and week under repeated and concurrent ticks, and stores one adjustment each', async () => {
    const { week, week_ending } = thisWeek();
    const learners = [struggling, excelling, behind];
    const names = learners.map((l) => adjustmentTaskName(l.uid, week));
    // Held in the queue, the tasks can be counted before they run.
    await tasksClient().pauseQueue({ name: queue() });
    expect((await tick()).status).toBe(204);
    expect((await tick()).status).toBe(204);
    const concurrent = await Promise.all([tick(), tick(), tick()]);
    expect(concurrent.map((r) => r.status)).toEqual([204, 204, 204]);
    const queued = await queuedTaskNames();
    for (const name of names) expect(queued.filter((n) => n === name)).toHaveLength(1);

    await tasksClient().resumeQueue({ name: queue() });
    const stored = await Promise.all(
      learners.map((l) =>
        waitFor(
          () => adjustmentsOf(l.uid),
          (docs) => docs.length > 0,
        ),
      ),
    );
    // A tick after the tasks ran finds their names taken: still nothing queued twice.
    expect((await tick()).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const name of names) expect((await queuedTaskNames()).includes(name)).toBe(false);

    const [weak, strong, idle] = await Promise.all(learners.map((l) => adjustmentsOf(l.uid)));
    expect(stored.map((docs) => docs.length)).toEqual([1, 1, 1]);
    expect([weak, strong, idle].map((docs) => docs?.length)).toEqual([1, 1, 1]);
    const only = (docs: WeeklyAdjustmentDoc[] | undefined) => docs?.[0] as WeeklyAdjustmentDoc;
    expect(only(weak)).toMatchObject({
      user_id: struggling.uid,
      week,
      week_ending,
      timezone: 'UTC',
      adjustments: [
        {
          action: 'add_revision',
          reason: 'Review sql - average quiz score 45% this week',
          skills: ['sql'],
        },
      ],
    });
    expect(only(strong).adjustments).toEqual([
      {
        action: 'increase_challenge',
        reason: 'Excellent performance (95%) - increasing challenge',
        skills: [],
      },
    ]);
    expect(only(idle).adjustments).toEqual([]);
  });

  it('stores nothing twice when Cloud Tasks delivers a task again, even concurrently', async () => {
    const { week } = thisWeek();
    const before = await adjustmentsOf(struggling.uid);
    const again = redispatch('applyWeeklyAdjustment', { user_id: struggling.uid, week });
    const responses = await Promise.all([again(), again(), again()]);
    expect(responses.map((r) => [r.status, r.body?.status])).toEqual([
      [200, 'duplicate'],
      [200, 'duplicate'],
      [200, 'duplicate'],
    ]);
    expect(await adjustmentsOf(struggling.uid)).toEqual(before);
  });

  it('makes nothing for a week that has not begun, and refuses a week that does not exist', async () => {
    const next = redispatch('applyWeeklyAdjustment', { user_id: struggling.uid, week: '2099-W10' });
    expect((await next()).body).toMatchObject({ status: 'not_due' });
    const bad = await redispatch('applyWeeklyAdjustment', {
      user_id: struggling.uid,
      week: '2027-W53',
    })();
    expect(bad.status).toBe(400);
    expect(await adjustmentsOf(struggling.uid)).toHaveLength(1);
  });

  it("shows the week's stored adjustment in the learner's analytics", async () => {
    const res = await api(struggling.token).get('/api/v1/ai/analytics');
    expect(res.status).toBe(200);
    const [stored] = await adjustmentsOf(struggling.uid);
    expect(res.body.weekly_adjustment).toEqual({
      week: thisWeek().week,
      week_ending: thisWeek().week_ending,
      adjustments: stored?.adjustments,
      made_at: stored?.made_at,
    });
  });
});
