import { createHash } from 'node:crypto';
import type { CatalogRepository } from '../catalog/repository';
import { webLinks } from '../email/links';
import { greetingName, type Mailer, type MailOutcome } from '../email/mailer';
import { nextWeeklyReport, reportWeek } from '../email/schedule';
import type { Config } from '../config';
import type { TaskQueue } from '../platform/tasks';
import { TaskTargets } from '../triggers';
import type { ProgressRepository } from './repository';
import { recommendations, weeklySummary } from './weekly-summary';

/** How many enrollments a report reads; a learner with more is summarised over these. */
const MAX_ENROLLMENTS = 100;

/**
 * The weekly progress report: a Cloud Task per learner and week, due Monday 09:00 in the
 * learner's timezone. Each run mails the week before (once: the mail id names the ISO week) and
 * schedules the next; task names are deterministic, so scheduling twice schedules once.
 */
export class WeeklyReports {
  constructor(
    private readonly mailer: Mailer,
    private readonly progress: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly tasks: TaskQueue,
    private readonly config: Pick<Config, 'taskTargetUrls'>,
  ) {}

  /** Schedules the learner's next report after `now`; answers when it is due. */
  async schedule(uid: string, now: Date): Promise<{ at: Date; period: string; created: boolean }> {
    const { timezone } = await this.mailer.recipient(uid);
    const next = nextWeeklyReport(now, timezone);
    const user = createHash('sha256').update(uid).digest('hex').slice(0, 24);
    const target = TaskTargets.sendWeeklyReport;
    const { created } = await this.tasks.enqueue({
      queue: target.queue,
      name: `weekly-${user}-${next.week.period}`,
      url: this.config.taskTargetUrls[target.functionName],
      body: { user_id: uid, send_at: next.at.toISOString() },
      scheduleTime: next.at,
    });
    return { at: next.at, period: next.week.period, created };
  }

  /** Mails the report due at `sendAt` (the week before it) and schedules the next one. */
  async send(uid: string, sendAt: Date): Promise<MailOutcome> {
    const recipient = await this.mailer.recipient(uid);
    const week = reportWeek(sendAt, recipient.timezone);
    const enrollments = (await this.progress.enrollmentsOf(uid, MAX_ENROLLMENTS, undefined))
      .slice(0, MAX_ENROLLMENTS)
      .map((e) => e.doc);
    let outcome: MailOutcome = { status: 'skipped', reason: 'no_enrollments' };
    if (enrollments.length > 0) {
      const ids = enrollments.map((e) => e.pathway_id);
      const docs = await this.catalog.pathways(ids);
      const pathways = new Map(ids.flatMap((id, i) => (docs[i] ? [[id, docs[i]] as const] : [])));
      const links = webLinks(this.mailer.settings);
      outcome = await this.mailer.send(
        recipient,
        {
          template: 'weekly_progress',
          data: {
            name: greetingName(recipient),
            timezone: recipient.timezone,
            week: { start: week.start, end: week.end },
            stats: weeklySummary(enrollments, week, recipient.timezone),
            improvements: [],
            recommendations: recommendations(enrollments, pathways).map((r) => ({
              title: r.title,
              reason: `Next in ${r.pathway_title}`,
              url: links.resource(r.pathway_id, r.resource_id),
              estimated_minutes: r.duration_minutes,
            })),
            dashboard_url: links.dashboard(),
          },
          entity: { collection: 'users', id: uid },
          period: week.period,
        },
        sendAt,
      );
    }
    await this.schedule(uid, sendAt);
    return outcome;
  }
}
