import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { nextWeeklyReport } from '../../../shared/email/schedule';
import { createTasksClient, queuePath } from '../../../shared/platform/tasks';
import { Queues } from '../../../shared/triggers';
import { api, call, ownClientAddress } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';
import { accounts, functionUrl, stackToken } from '../../helpers/events';
import { mailDocument } from '../../helpers/mail';
import { testServices } from '../../helpers/services';

/** Weekly reports: a Cloud Task per learner due Monday 09:00 in the learner's own timezone. */
const tasks = () => createTasksClient(testServices().config);
const taskName = (uid: string, period: string) =>
  `${queuePath(Queues.weeklyReports, testServices().config)}/tasks/weekly-${createHash('sha256').update(uid).digest('hex').slice(0, 24)}-${period}`;

async function register(timezone: string) {
  const email = `weekly-${randomUUID().slice(0, 8)}@test.pathwise.dev`;
  const registered = await call('POST', '/api/v1/auth/register', {
    headers: ownClientAddress(),
    body: { email, password: 'weekly password 1', full_name: 'Wei', timezone },
  });
  expect(registered.status).toBe(201);
  return {
    uid: registered.body.uid as string,
    token: registered.body.access_token as string,
    email,
  };
}

async function scheduledAt(uid: string, period: string): Promise<Date> {
  const [task] = await tasks().getTask({ name: taskName(uid, period) });
  return new Date(Number(task.scheduleTime?.seconds) * 1000);
}

const runTask = async (body: unknown, token?: string) =>
  call('POST', functionUrl('sendWeeklyReport'), {
    token: token ?? (await stackToken('sendWeeklyReport', { email: accounts.tasksInvoker() })),
    body,
  });

describe('weekly progress report', () => {
  it('is scheduled at registration for Monday 09:00 in each learner’s timezone', async () => {
    const tokyo = await register('Asia/Tokyo');
    const newYork = await register('America/New_York');
    const now = new Date();
    const times = [];
    for (const [learner, zone] of [
      [tokyo, 'Asia/Tokyo'],
      [newYork, 'America/New_York'],
    ] as const) {
      const expected = nextWeeklyReport(now, zone);
      const at = await scheduledAt(learner.uid, expected.week.period);
      expect(DateTime.fromJSDate(at, { zone }).toFormat('ccc HH:mm')).toBe('Mon 09:00');
      expect(at.getTime()).toBe(expected.at.getTime());
      times.push(at.getTime());
    }
    // 09:00 in Tokyo and in New York are 13 or 14 hours apart, never the same instant.
    expect(Math.abs((times[0] as number) - (times[1] as number)) / 3600_000).toBeGreaterThanOrEqual(
      13,
    );
  });

  it('mails the week once, with its numbers, and schedules the next week', async () => {
    const zone = 'Europe/Berlin';
    const learner = await register(zone);
    const instructor = await createUser('instructor');
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'article' }, { type: 'article' }] }],
      {
        publish: true,
      },
    );
    const [first] = tree.modules[0]?.resources ?? [];
    await api(learner.token).post(`/api/v1/users/me/resources/${first}/complete`);

    const due = nextWeeklyReport(new Date(), zone);
    const body = { user_id: learner.uid, send_at: due.at.toISOString() };
    expect((await runTask(body)).body).toEqual({ user_id: learner.uid, status: 'queued' });
    expect((await runTask(body)).body).toEqual({ user_id: learner.uid, status: 'duplicate' });

    const mail = await mailDocument({
      type: 'weekly_progress',
      user_id: learner.uid,
      entity: { collection: 'users', id: learner.uid },
      period: due.week.period,
    });
    expect(mail?.message.subject).toBe('Your week on Pathwise: 1 resource completed');
    expect(mail?.message.text).toContain('* Pathways in progress: 1');
    // The next required resource is recommended, with a link into the pathway.
    expect(mail?.message.text).toContain(`/pathways/${tree.pathwayId}/resources/`);
    expect(mail?.headers['List-Unsubscribe']).toMatch(/unsubscribe\?token=/);

    const following = nextWeeklyReport(due.at, zone);
    const at = await scheduledAt(learner.uid, following.week.period);
    expect(at.getTime() - due.at.getTime()).toBe(7 * 24 * 3600_000);
  });

  it('refuses a caller that is not Cloud Tasks', async () => {
    const learner = await register('UTC');
    const refused = await runTask(
      { user_id: learner.uid, send_at: new Date().toISOString() },
      learner.token,
    );
    expect([401, 403]).toContain(refused.status);
  });
});
