import type { PathwayDoc } from '../catalog/model';
import { webLinks } from '../email/links';
import { greetingName, type Mailer } from '../email/mailer';
import { log, LogEvent } from '../log';
import type { UserDirectory } from '../users/directory';
import { enrollmentId } from './model';

/**
 * The mail a learner gets about their enrolments. Sent after the enrolment commits, under the
 * enrolment's deterministic mail id, so a repeated or concurrent enrol request mails once.
 */
export class EnrollmentNotices {
  constructor(
    private readonly mailer: Mailer,
    private readonly directory: UserDirectory,
  ) {}

  async enrolled(userId: string, pathwayId: string, pathway: PathwayDoc, at: Date): Promise<void> {
    try {
      const links = webLinks(this.mailer.settings);
      const [recipient, owner] = await Promise.all([
        this.mailer.recipient(userId),
        this.directory.contact(pathway.owner_uid),
      ]);
      const resources = pathway.outline.modules.flatMap((m) => m.resources);
      const first = resources[0];
      await this.mailer.send(
        recipient,
        {
          template: 'enrollment_confirmation',
          data: {
            name: greetingName(recipient),
            enrolled_at: at.toISOString(),
            timezone: recipient.timezone,
            pathway: {
              title: pathway.title,
              summary: pathway.description?.trim() ? pathway.description : null,
              url: links.pathway(pathwayId),
              module_count: pathway.outline.modules.length,
              resource_count: resources.length,
              estimated_minutes: resources.reduce((sum, r) => sum + r.duration_minutes, 0),
              instructor_name: owner.name?.trim() ? owner.name : null,
            },
            first_resource: first
              ? { title: first.title, url: links.resource(pathwayId, first.resource_id) }
              : null,
          },
          entity: { collection: 'enrollments', id: enrollmentId(userId, pathwayId) },
          period: null,
        },
        at,
      );
    } catch (error) {
      // The enrolment stands; the missing mail is an operational problem, not the learner's.
      log.error(LogEvent.eventFailed, 'Enrolment confirmation mail failed', {
        user_id: userId,
        pathway_id: pathwayId,
        error,
      });
    }
  }
}
