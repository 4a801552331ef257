import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { CertificateNotices, certificateMailId } from '../../../shared/certificates/notices';
import { Mailer, type MailRecipient } from '../../../shared/email/mailer';
import type { PathwiseMailDocument } from '../../../shared/email/model';
import type { MailRepository } from '../../../shared/email/repository';
import type { UserDirectory } from '../../../shared/users/directory';
import { settings } from '../../helpers/email-settings';

/** The real mailer and templates; only the repository's transactional write is captured. */
function capture() {
  const sent: { id: string; doc: PathwiseMailDocument }[] = [];
  const repo = {
    txCreate: (_tx: Transaction, id: string, doc: PathwiseMailDocument) => {
      sent.push({ id, doc });
    },
  } as unknown as MailRepository;
  const mailer = new Mailer(repo, {} as UserDirectory, settings);
  return { sent, notices: new CertificateNotices(mailer) };
}

const cert = {
  certificate_id: '7K3QX9M2R4TB',
  user_id: 'ada-uid',
  learner_name: 'Ada Lovelace',
  pathway_title: 'Prompt Engineering',
  completion_date: '2026-11-22',
  verification_url: 'https://learn.example/verify/7K3QX9M2R4TB',
};
const tx = {} as Transaction;
const now = Timestamp.fromDate(new Date('2026-11-23T10:00:00Z'));
const recipient: MailRecipient = {
  uid: 'ada-uid',
  email: 'ada@example.com',
  name: 'Ada',
  preferences: null,
  suppression: null,
  timezone: 'Pacific/Kiritimati',
};

describe('certificate mail', () => {
  it('queues the completion mail under the certificate’s own id, with the verification link and the printed date', () => {
    const { sent, notices } = capture();
    notices.issued(tx, recipient, cert, now);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.id).toBe(certificateMailId('course_completion', 'ada-uid', '7K3QX9M2R4TB'));
    expect(sent[0]?.doc.to).toBe('ada@example.com');
    expect(sent[0]?.doc.message.subject).toBe('Congratulations, you completed Prompt Engineering');
    const text = sent[0]?.doc.message.text ?? '';
    // The certificate's calendar date, not shifted by the learner's UTC+14 zone.
    expect(text).toMatch(/22 November 2026|November 22, 2026/);
    expect(text).toContain(cert.verification_url);
    expect(text).toContain('7K3Q-X9M2-R4TB');
  });

  it('tells of a correction and names the certificate it replaces; a suppressed address is not mailed', () => {
    const { sent, notices } = capture();
    notices.reissued(tx, recipient, cert, 'ABCDEFGH2345', now);
    expect(sent[0]?.id).toBe(certificateMailId('certificate_reissued', 'ada-uid', '7K3QX9M2R4TB'));
    expect(sent[0]?.doc.message.text).toContain('ABCD-EFGH-2345');
    notices.issued(tx, { ...recipient, email: null }, cert, now);
    notices.issued(
      tx,
      {
        ...recipient,
        suppression: { reason: 'bounced', at: now.toDate(), source: 'smtp 550 5.1.1' },
      },
      cert,
      now,
    );
    expect(sent).toHaveLength(1);
  });
});
