import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import { mailId } from '../email/documents';
import { greetingName, type Mailer, type MailRecipient } from '../email/mailer';
import { groupCertificateId } from './ids';
import type { CertificateDoc } from './model';

/**
 * The mail a learner gets about a certificate, through the email templates and the learner's
 * preferences, queued in the transaction that issues it. Its id derives from the template, the
 * learner and the certificate: however often issuance is attempted, one message per certificate.
 */
type Issued = Pick<
  CertificateDoc,
  | 'certificate_id'
  | 'user_id'
  | 'learner_name'
  | 'pathway_title'
  | 'completion_date'
  | 'verification_url'
>;

type CertificateTemplate = 'course_completion' | 'certificate_reissued';

/** The `mail/` document id of a certificate's mail. */
export function certificateMailId(
  template: CertificateTemplate,
  userId: string,
  certificateId: string,
): string {
  return mailId({
    type: template,
    user_id: userId,
    entity: { collection: 'certificates', id: certificateId },
    period: null,
  });
}

export class CertificateNotices {
  constructor(private readonly mailer: Mailer) {}

  /** Address, preferences and timezone, read before the transaction that queues the mail. */
  recipient(uid: string): Promise<MailRecipient> {
    return this.mailer.recipient(uid);
  }

  /** The completion mail with the verification link. */
  issued(tx: Transaction, recipient: MailRecipient, cert: Issued, now: Timestamp): void {
    this.mailer.queueInTransaction(
      tx,
      recipient,
      {
        template: 'course_completion',
        data: {
          name: cert.learner_name,
          pathway_title: cert.pathway_title,
          // The date printed on the certificate, which is a calendar date: shown as that day.
          completed_at: `${cert.completion_date}T00:00:00Z`,
          timezone: 'UTC',
          certificate: {
            id: groupCertificateId(cert.certificate_id),
            verification_url: cert.verification_url,
          },
          next_pathway: null,
        },
        entity: { collection: 'certificates', id: cert.certificate_id },
        period: null,
      },
      now.toDate(),
    );
  }

  /** A corrected certificate replaced an earlier one. */
  reissued(
    tx: Transaction,
    recipient: MailRecipient,
    cert: Issued,
    replaced: string,
    now: Timestamp,
  ): void {
    this.mailer.queueInTransaction(
      tx,
      recipient,
      {
        template: 'certificate_reissued',
        data: {
          name: greetingName({ name: cert.learner_name, email: recipient.email }),
          pathway_title: cert.pathway_title,
          certificate: {
            id: groupCertificateId(cert.certificate_id),
            verification_url: cert.verification_url,
          },
          replaces: { id: groupCertificateId(replaced) },
        },
        entity: { collection: 'certificates', id: cert.certificate_id },
        period: null,
      },
      now.toDate(),
    );
  }
}
