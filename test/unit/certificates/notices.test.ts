import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import { CertificateNotices, certificateMailId } from '../../../shared/certificates/notices';
import type { MailMessage, MailQueue } from '../../../shared/mail';

function capture() {
  const sent: { id: string; message: MailMessage }[] = [];
  const mail = {
    inTransaction: (_tx: Transaction, id: string, message: MailMessage) => {
      sent.push({ id, message });
    },
  } as unknown as MailQueue;
  return { sent, notices: new CertificateNotices(mail) };
}

const cert = {
  certificate_id: '7K3QX9M2R4TB',
  learner_name: 'Ada Lovelace',
  pathway_title: 'Prompt Engineering',
  completion_date: '2026-11-22',
  verification_url: 'https://learn.example/verify/7K3QX9M2R4TB',
};
const tx = {} as Transaction;
const now = {} as Timestamp;
const contact = { email: 'ada@example.com', name: 'Ada', role: 'learner' as const };

describe('certificate mail', () => {
  it('queues the completion mail under the certificate’s own id, with the verification link', () => {
    const { sent, notices } = capture();
    notices.issued(tx, contact, cert, now);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.id).toBe(certificateMailId('issued', '7K3QX9M2R4TB'));
    expect(sent[0]?.message).toMatchObject({
      to: 'ada@example.com',
      subject: 'Your certificate: Prompt Engineering',
    });
    expect(sent[0]?.message.text).toContain('on 22 November 2026');
    expect(sent[0]?.message.text).toContain(cert.verification_url);
    expect(sent[0]?.message.text).toContain('7K3Q-X9M2-R4TB');
  });

  it('tells of a correction and names the certificate it replaces; nobody without an address is mailed', () => {
    const { sent, notices } = capture();
    notices.reissued(tx, contact, cert, 'ABCDEFGH2345', now);
    expect(sent[0]?.id).toBe('certificate-reissued-7K3QX9M2R4TB');
    expect(sent[0]?.message.text).toContain('ABCD-EFGH-2345');
    notices.issued(tx, { ...contact, email: null }, cert, now);
    expect(sent).toHaveLength(1);
  });
});
