import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import { paragraphsHtml, type MailMessage, type MailQueue } from '../mail';
import type { Contact } from '../users/directory';
import { formatDate } from './format';
import { groupCertificateId } from './ids';
import type { CertificateDoc } from './model';

/**
 * The mail a learner gets about a certificate, queued in the transaction that issues it under an
 * id derived from the certificate: however often issuance is attempted, one message per
 * certificate.
 */
type Issued = Pick<
  CertificateDoc,
  'certificate_id' | 'learner_name' | 'pathway_title' | 'completion_date' | 'verification_url'
>;

function message(to: string, subject: string, paragraphs: string[]): MailMessage {
  return { to, subject, text: paragraphs.join('\n\n'), html: paragraphsHtml(paragraphs) };
}

function verifyLines(cert: Issued): string[] {
  return [
    `Certificate ${groupCertificateId(cert.certificate_id)}. Anyone can check it at ${cert.verification_url}; the QR code on the PDF leads there too.`,
    'Download the PDF, with its signed Open Badges 3.0 credential attached, from your certificates in Pathwise.',
  ];
}

export function certificateMailId(kind: 'issued' | 'reissued', certificateId: string): string {
  return `certificate-${kind}-${certificateId}`;
}

export class CertificateNotices {
  constructor(private readonly mail: MailQueue) {}

  /** The completion mail with the verification link. */
  issued(tx: Transaction, contact: Contact, cert: Issued, now: Timestamp): void {
    if (!contact.email) return;
    this.mail.inTransaction(
      tx,
      certificateMailId('issued', cert.certificate_id),
      message(contact.email, `Your certificate: ${cert.pathway_title}`, [
        `Hello ${cert.learner_name},`,
        `Congratulations: you completed ${cert.pathway_title} on ${formatDate(cert.completion_date)}, and your certificate is ready.`,
        ...verifyLines(cert),
      ]),
      now,
    );
  }

  /** A corrected certificate replaced an earlier one. */
  reissued(
    tx: Transaction,
    contact: Contact,
    cert: Issued,
    replaced: string,
    now: Timestamp,
  ): void {
    if (!contact.email) return;
    this.mail.inTransaction(
      tx,
      certificateMailId('reissued', cert.certificate_id),
      message(contact.email, `Your corrected certificate: ${cert.pathway_title}`, [
        `Hello ${cert.learner_name},`,
        `Your certificate for ${cert.pathway_title} was corrected and issued again. It replaces certificate ${groupCertificateId(replaced)}, which now points anyone who checks it to this one.`,
        ...verifyLines(cert),
      ]),
      now,
    );
  }
}
