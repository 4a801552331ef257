import type { Transaction } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { UserDirectory } from '../users/directory';
import { composeMail } from './documents';
import type { EntityRef, PathwiseMailDocument } from './model';
import {
  decide,
  defaultPreferences,
  type NotificationPreferences,
  type Suppression,
} from './preferences';
import { nextAllowedSendTime } from './schedule';
import type { MailRepository } from './repository';
import type { EmailSettings } from './settings';
import { templates, type TemplateData, type TemplateName } from './templates/index';

/** Who a mail goes to, with everything `decide()` needs, read before the deciding transaction. */
export interface MailRecipient {
  uid: string;
  email: string | null;
  name: string | null;
  preferences: NotificationPreferences | null;
  suppression: Suppression | null;
  /** The profile's IANA timezone, UTC when it names none. */
  timezone: string;
}

export interface MailRequest<N extends TemplateName> {
  template: N;
  data: TemplateData<N>;
  /** What the mail is about: its id is unique per (template, user, entity, period). */
  entity: EntityRef;
  period: string | null;
}

export type MailOutcome =
  | { status: 'queued' | 'duplicate'; id: string }
  /** Held back by the learner's quiet hours until `at`. */
  | { status: 'scheduled'; id: string; at: Date }
  | { status: 'skipped'; reason: string };

type Prepared =
  { skipped: string } | { id: string; document: PathwiseMailDocument; sendAt: Date | null };

/** How a greeting names someone without a display name: the mailbox's local part. */
export function greetingName(recipient: Pick<MailRecipient, 'name' | 'email'>): string {
  return recipient.name?.trim() || recipient.email?.split('@')[0] || 'there';
}

/**
 * Every trigger's one way to send mail: it decides (suppression, then transactional bypass,
 * then the learner's category choice), renders the template and writes the `mail/` document
 * under its deterministic id, so a duplicate or concurrent trigger never sends twice. Mail that
 * may wait is held in `mailScheduled/` while the learner's quiet hours last; the watcher's pass
 * releases it when due.
 */
export class Mailer {
  constructor(
    private readonly repo: MailRepository,
    private readonly directory: UserDirectory,
    readonly settings: EmailSettings,
  ) {}

  async recipient(uid: string): Promise<MailRecipient> {
    const [contact, profile] = await Promise.all([
      this.directory.contact(uid),
      this.repo.profile(uid),
    ]);
    const suppression = contact.email ? await this.repo.suppression(contact.email) : null;
    return {
      uid,
      email: contact.email,
      name: contact.name,
      preferences: profile.preferences,
      suppression,
      timezone: profile.timezone ?? 'UTC',
    };
  }

  private prepare<N extends TemplateName>(
    recipient: MailRecipient,
    request: MailRequest<N>,
    now: Date,
  ): Prepared {
    const decision = decide({
      category: templates[request.template].category,
      email: recipient.email,
      preferences: recipient.preferences,
      suppression: recipient.suppression,
    });
    if (decision.action === 'skip') {
      log.info(LogEvent.mailSkipped, 'Mail not sent', {
        template: request.template,
        uid: recipient.uid,
        reason: decision.reason,
      });
      return { skipped: decision.reason } as const;
    }
    const mail = composeMail({
      template: request.template,
      data: request.data,
      recipient: { uid: recipient.uid, email: recipient.email as string },
      entity: request.entity,
      period: request.period,
      settings: this.settings,
      now,
    });
    const sendAt = nextAllowedSendTime({
      now,
      timezone: recipient.timezone,
      quietHours: (recipient.preferences ?? defaultPreferences()).quiet_hours,
      timing: templates[request.template].timing,
    });
    return { ...mail, sendAt: sendAt.getTime() > now.getTime() ? sendAt : null };
  }

  /** Queues the mail in the transaction that decides its cause (a review, a rejection). */
  queueInTransaction<N extends TemplateName>(
    tx: Transaction,
    recipient: MailRecipient,
    request: MailRequest<N>,
    now: Date,
  ): MailOutcome {
    const mail = this.prepare(recipient, request, now);
    if ('skipped' in mail) return { status: 'skipped', reason: mail.skipped };
    if (mail.sendAt) {
      this.repo.txCreateScheduled(tx, mail.id, mail.document, mail.sendAt);
      return { status: 'scheduled', id: mail.id, at: mail.sendAt };
    }
    this.repo.txCreate(tx, mail.id, mail.document);
    return { status: 'queued', id: mail.id };
  }

  /** Queues the mail on its own; a second call for the same key finds it and writes nothing. */
  async send<N extends TemplateName>(
    recipient: MailRecipient,
    request: MailRequest<N>,
    now: Date,
  ): Promise<MailOutcome> {
    const mail = this.prepare(recipient, request, now);
    if ('skipped' in mail) return { status: 'skipped', reason: mail.skipped };
    if (mail.sendAt) {
      const held = await this.repo.createScheduled(mail.id, mail.document, mail.sendAt);
      return held
        ? { status: 'scheduled', id: mail.id, at: mail.sendAt }
        : { status: 'duplicate', id: mail.id };
    }
    const created = await this.repo.create(mail.id, mail.document);
    if (created) {
      log.info(LogEvent.mailQueued, 'Mail queued', { template: request.template, id: mail.id });
    }
    return { status: created ? 'queued' : 'duplicate', id: mail.id };
  }
}
