import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import { paragraphsHtml, type MailMessage, type MailQueue } from '../mail';
import type { Contact } from '../users/directory';
import type { SubmissionDoc } from './model';

/** The mail a learner gets about their files, queued in the transaction that decides it. */

function greeting(contact: Contact): string {
  return `Hello${contact.name ? ` ${contact.name}` : ''},`;
}

function message(to: string, subject: string, paragraphs: string[]): MailMessage {
  return { to, subject, text: paragraphs.join('\n\n'), html: paragraphsHtml(paragraphs) };
}

export class LearnerNotices {
  constructor(private readonly mail: MailQueue) {}

  /** The upload was refused at finalize (size, type or malware). One mail per submission. */
  invalidUpload(
    tx: Transaction,
    contact: Contact,
    submissionId: string,
    sub: Pick<SubmissionDoc, 'file_name' | 'resource_id'>,
    reason: string,
    now: Timestamp,
  ): void {
    if (!contact.email) return;
    this.mail.inTransaction(
      tx,
      `submission-invalid-${submissionId}`,
      message(contact.email, `Your upload "${sub.file_name}" was not accepted`, [
        greeting(contact),
        `We could not accept "${sub.file_name}" for resource ${sub.resource_id}: ${reason}.`,
        'Please upload the file again in one of the accepted formats.',
      ]),
      now,
    );
  }

  /** A review's result. One mail per review of the submission (`reviewNumber` counts them). */
  reviewResult(
    tx: Transaction,
    contact: Contact,
    args: {
      submissionId: string;
      reviewNumber: number;
      fileName: string;
      resourceTitle: string;
      approved: boolean;
      grade: string;
      comments: string | null;
    },
    now: Timestamp,
  ): void {
    if (!contact.email) return;
    const { fileName, resourceTitle, grade } = args;
    this.mail.inTransaction(
      tx,
      `review-${args.submissionId}-${args.reviewNumber}`,
      message(
        contact.email,
        args.approved ? `Approved: ${resourceTitle}` : `Please resubmit: ${resourceTitle}`,
        [
          greeting(contact),
          args.approved
            ? `Your submission "${fileName}" for ${resourceTitle} was approved (${grade}).`
            : `Your submission "${fileName}" for ${resourceTitle} needs another try (${grade}). You can upload a new version.`,
          ...(args.comments ? [`Reviewer's comments: ${args.comments}`] : []),
        ],
      ),
      now,
    );
  }
}
