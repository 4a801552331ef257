import type { Firestore, Timestamp, Transaction } from 'firebase-admin/firestore';
import { countWrites } from './platform/io-stats';

/**
 * Outgoing mail as documents in `mail/`, in the format of the Firebase Trigger Email extension
 * (`to`, `message.subject`, `message.text`, `message.html`), which sends them. Ids are
 * deterministic, so a retried handler queues a message once.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export const MAIL_COLLECTION = 'mail';

export class MailQueue {
  constructor(private readonly firestore: Firestore) {}

  /** Queues a message with the id `id` in the transaction that decides to send it. */
  inTransaction(tx: Transaction, id: string, message: MailMessage, now: Timestamp): void {
    countWrites();
    tx.set(this.firestore.collection(MAIL_COLLECTION).doc(id), {
      to: message.to,
      message: {
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
      },
      created_at: now,
    });
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
}
