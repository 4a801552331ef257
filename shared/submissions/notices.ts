import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import type { CatalogRepository } from '../catalog/repository';
import { webLinks } from '../email/links';
import { greetingName, type Mailer, type MailRecipient } from '../email/mailer';
import { DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB } from '../file-types';
import type { Grade } from './schemas';
import type { SubmissionDoc } from './model';

/** What the invalid-upload mail says about the resource, read before the deciding transaction. */
export interface UploadNoticeFacts {
  recipient: MailRecipient;
  resourceTitle: string;
  acceptedTypes: string[];
  maxSizeMb: number;
}

/**
 * The mail a learner gets about their files, through the email templates and the learner's
 * preferences. Recipients (address, preferences, suppression) are read before the transaction
 * that decides the mail; the mail is created in it, so it exists exactly when its cause does.
 */
export class LearnerNotices {
  constructor(
    private readonly mailer: Mailer,
    private readonly catalog: CatalogRepository,
  ) {}

  recipient(uid: string): Promise<MailRecipient> {
    return this.mailer.recipient(uid);
  }

  async uploadFacts(
    sub: Pick<SubmissionDoc, 'user_id' | 'resource_id'>,
  ): Promise<UploadNoticeFacts> {
    const [recipient, resource] = await Promise.all([
      this.mailer.recipient(sub.user_id),
      this.catalog.resource(sub.resource_id),
    ]);
    return {
      recipient,
      resourceTitle: resource?.title ?? sub.resource_id,
      acceptedTypes: resource?.accepted_file_types?.length
        ? resource.accepted_file_types
        : ['the file types listed on the resource'],
      maxSizeMb: Math.min(resource?.max_file_size_mb ?? DEFAULT_UPLOAD_MB, MAX_UPLOAD_MB),
    };
  }

  private resourceUrl(sub: Pick<SubmissionDoc, 'pathway_id' | 'resource_id'>): string {
    return webLinks(this.mailer.settings).resource(sub.pathway_id, sub.resource_id);
  }

  /** The upload was refused at finalize (size, type or malware). One mail per submission. */
  invalidUpload(
    tx: Transaction,
    facts: UploadNoticeFacts,
    submissionId: string,
    sub: Pick<SubmissionDoc, 'file_name' | 'pathway_id' | 'resource_id'>,
    reason: string,
    now: Timestamp,
  ): void {
    this.mailer.queueInTransaction(
      tx,
      facts.recipient,
      {
        template: 'invalid_upload',
        data: {
          name: greetingName(facts.recipient),
          file_name: sub.file_name,
          resource_title: facts.resourceTitle,
          reason,
          accepted_types: facts.acceptedTypes,
          max_size_mb: facts.maxSizeMb,
          resource_url: this.resourceUrl(sub),
        },
        entity: { collection: 'submissions', id: submissionId },
        period: null,
      },
      now.toDate(),
    );
  }

  /** A review's result. One mail per review of the submission (`reviewNumber` counts them). */
  reviewResult(
    tx: Transaction,
    recipient: MailRecipient,
    args: {
      submissionId: string;
      submission: Pick<SubmissionDoc, 'file_name' | 'pathway_id' | 'resource_id'>;
      reviewNumber: number;
      resourceTitle: string;
      approved: boolean;
      grade: Grade;
      comments: string | null;
    },
    now: Timestamp,
  ): void {
    this.mailer.queueInTransaction(
      tx,
      recipient,
      {
        template: 'submission_review',
        data: {
          name: greetingName(recipient),
          resource_title: args.resourceTitle,
          file_name: args.submission.file_name,
          approved: args.approved,
          grade: args.grade,
          comments: args.comments?.trim() ? args.comments : null,
          reviewer_name: null,
          resource_url: this.resourceUrl(args.submission),
        },
        entity: { collection: 'submissions', id: args.submissionId },
        period: `review-${args.reviewNumber}`,
      },
      now.toDate(),
    );
  }
}
