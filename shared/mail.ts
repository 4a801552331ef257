import type {
  DocumentReference,
  Firestore,
  Timestamp,
  Transaction,
} from 'firebase-admin/firestore';
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

export function mailRef(firestore: Firestore, id: string): DocumentReference {
  return firestore.collection('mail').doc(id);
}

export function queueMail(
  tx: Transaction,
  ref: DocumentReference,
  message: MailMessage,
  now: Timestamp,
): void {
  countWrites();
  tx.set(ref, {
    to: message.to,
    message: {
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
    },
    created_at: now,
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
}
