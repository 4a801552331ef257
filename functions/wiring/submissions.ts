import { UploadExpiry } from '../../shared/submissions/expiry';
import { FeedbackFiles } from '../../shared/submissions/feedback-files';
import { FinalizeUpload } from '../../shared/submissions/finalize';
import { SubmissionFilePurge } from '../../shared/submissions/file-purge';
import { LearnerFiles } from '../../shared/submissions/learner-files';
import { LearnerNotices } from '../../shared/submissions/notices';
import type { SubmissionsRepository } from '../../shared/submissions/repository';
import { ReviewSubmission } from '../../shared/submissions/review';
import { ReviewQueue } from '../../shared/submissions/review-queue';
import { passThroughScanner, type MalwareScanner } from '../../shared/submissions/scanner';
import { UploadSigner } from '../../shared/submissions/signed-urls';
import { OpenUpload } from '../../shared/submissions/uploads';
import type { CatalogServices } from './catalog';
import type { EmailServices } from './email';
import { lazy, once } from './lazy';
import type { Platform } from './platform';
import type { ProgressServices } from './progress';

export interface SubmissionsServices {
  repository: SubmissionsRepository;
  uploads: OpenUpload;
  finalize: FinalizeUpload;
  expiry: UploadExpiry;
  files: LearnerFiles;
  queue: ReviewQueue;
  review: ReviewSubmission;
  filePurge: SubmissionFilePurge;
}

export function submissionsServices(
  platform: Platform,
  catalog: CatalogServices,
  progress: ProgressServices,
  repository: () => SubmissionsRepository,
  email: EmailServices,
  scanner: MalwareScanner = passThroughScanner,
): SubmissionsServices {
  const { config, clients, audit, directory } = platform;
  const signer = once(() => new UploadSigner(clients.submissionsBucket));
  const notices = once(() => new LearnerNotices(email.mailer, catalog.repository));
  return lazy<SubmissionsServices>({
    repository,
    uploads: () =>
      new OpenUpload(
        config,
        repository(),
        catalog.repository,
        progress.repository,
        progress.locator,
        signer(),
        clients.tasks,
        audit,
      ),
    finalize: () =>
      new FinalizeUpload(
        config.submissionsBucket,
        clients.submissionsBucket,
        repository(),
        catalog.pathwayCache,
        progress.writer,
        scanner,
        notices(),
        new FeedbackFiles(clients.submissionsBucket, repository()),
      ),
    expiry: () => new UploadExpiry(repository(), clients.submissionsBucket),
    files: () =>
      new LearnerFiles(config, repository(), catalog.access, progress.locator, signer(), audit),
    queue: () => new ReviewQueue(repository(), catalog.repository, catalog.access, directory),
    filePurge: () => new SubmissionFilePurge(repository(), clients.submissionsBucket, audit),
    review: () =>
      new ReviewSubmission(
        config,
        repository(),
        catalog.repository,
        catalog.access,
        progress.writer,
        signer(),
        notices(),
        audit,
      ),
  });
}
