import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { nextWeeklyReport } from '../../../../shared/email/schedule';
import { createTasksClient, queuePath } from '../../../../shared/platform/tasks';
import { Queues, Topics } from '../../../../shared/triggers';
import { api } from '../../../helpers/api';
import { createUser } from '../../../helpers/auth';
import { pubsubEvent } from '../../../helpers/events';
import { mailTo, sendSampleNotification, sinkMessages } from '../../../helpers/mail';
import { adminAuth, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { anonymised, redeliver, redispatch, type Scenario } from './scenario';

type MailDoc = Record<string, any> & { id: string };

/**
 * The `mail/` documents of one template to an address once each has left the deliverer, and how
 * many of them the SMTP sink received.
 */
async function delivered(address: string, template: string) {
  const ofTemplate = async () =>
    (await mailTo(address)).filter((d) => d.pathwise?.template === template) as MailDoc[];
  const docs = await waitFor(
    ofTemplate,
    (all) => all.length > 0 && all.every((d) => d.delivery?.state === 'SUCCESS'),
  );
  // Long enough for a second send by a racing delivery to reach the sink as well.
  await new Promise((resolve) => setTimeout(resolve, 700));
  const subjects = new Set(docs.map((d) => d.message.subject as string));
  const sink = (await sinkMessages()).filter(
    (m) => m.envelope.rcpt_to.includes(address) && subjects.has(m.subject ?? ''),
  );
  return { docs, sink: sink.length };
}

/**
 * A notification whose first send failed (the sink answers 451 to `+tempfail`) and whose mailbox
 * has since recovered, its failure an hour old: the watcher's next tick sends it back once.
 */
async function failedMail(name: string) {
  const learner = await createUser('learner', `dup-${name}`);
  const failing = `${learner.uid.toLowerCase()}-${name}+tempfail@test.pathwise.dev`;
  await adminAuth().updateUser(learner.uid, { email: failing });
  const { ref } = await sendSampleNotification(learner);
  await waitFor(
    async () => (await ref.get()).data(),
    (d) => d?.delivery?.state === 'ERROR',
  );
  const working = `${learner.uid.toLowerCase()}-${name}@test.pathwise.dev`;
  await ref.update({
    to: working,
    'delivery.endTime': Timestamp.fromMillis(Date.now() - 3600_000),
  });
  return { address: working, uid: learner.uid };
}

export const watchMail: Scenario = {
  async prepare() {
    const first = await failedMail('watch');
    let later: Awaited<ReturnType<typeof failedMail>> | undefined;
    const tick = () => pubsubEvent(Topics.mailWatchTick, {});
    return {
      deliver: redeliver('watchMail', tick()),
      async deliverLater() {
        later ??= await failedMail('watch-later');
        return redeliver('watchMail', tick())();
      },
      /** One retry, one message in the sink: never a second send of the same mail. */
      async observe() {
        const { docs, sink } = await delivered(first.address, 'notification');
        return {
          sink,
          mails: docs.map((d) => ({
            state: d.delivery.state,
            attempts: d.delivery.attempts,
            watch: { retries: d.pathwise.watch.retries, given_up: d.pathwise.watch.given_up },
          })),
        };
      },
    };
  },
};

/** The name weekly-report.ts gives the task of `uid`'s report for `period`. */
function weeklyTask(uid: string, period: string): string {
  const user = createHash('sha256').update(uid).digest('hex').slice(0, 24);
  return `${queuePath(Queues.weeklyReports, testServices().config)}/tasks/weekly-${user}-${period}`;
}

export const sendWeeklyReport: Scenario = {
  async prepare() {
    const learner = await createUser('learner', 'dup-weekly');
    const done = await api(learner.token).post(
      '/api/v1/users/me/resources/foundations-image-gen-r1/complete',
    );
    if (done.status !== 200) throw new Error(`complete: ${done.status}`);
    const { timezone } = await testServices().email.mailer.recipient(learner.uid);
    const due = nextWeeklyReport(new Date(), timezone);
    const following = nextWeeklyReport(due.at, timezone);
    const tasks = createTasksClient(testServices().config);
    return {
      deliver: redispatch('sendWeeklyReport', {
        user_id: learner.uid,
        send_at: due.at.toISOString(),
      }),
      deliverLater: redispatch('sendWeeklyReport', {
        user_id: learner.uid,
        send_at: following.at.toISOString(),
      }),
      /** Each week's report mailed once, and the week after the latest one scheduled. */
      async observe() {
        const { docs, sink } = await delivered(learner.email, 'weekly_progress');
        const periods = docs.map((d) => d.pathwise.period as string);
        const latest = nextWeeklyReport(
          [due, following].filter((w) => periods.includes(w.week.period)).at(-1)?.at ?? due.at,
          timezone,
        );
        const [task] = await tasks.getTask({ name: weeklyTask(learner.uid, latest.week.period) });
        return anonymised(
          {
            mails: docs.length,
            subjects: docs.map((d) => d.message.subject).sort(),
            sink,
            next: task.scheduleTime ? Number(task.scheduleTime.seconds) * 1000 : null,
            nextDue: latest.at.getTime(),
          },
          { [learner.uid]: '<uid>' },
        );
      },
    };
  },
};
