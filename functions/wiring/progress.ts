import { activityMessages } from '../../shared/learner/publish';
import { LearnerAccess, ResourceLocator } from '../../shared/progress/access';
import { ProgressActivity } from '../../shared/progress/activity';
import { EnrollmentNotices } from '../../shared/progress/notices';
import { WeeklyReports } from '../../shared/progress/weekly-report';
import { EnrollmentWriter } from '../../shared/progress/enrollment-writer';
import { LessonProgressService } from '../../shared/progress/lessons/service';
import { QuizAttempts } from '../../shared/progress/quiz-attempts';
import { ProgressReads } from '../../shared/progress/reads';
import { OutlineRecompute } from '../../shared/progress/recompute';
import { EnrollmentRepair } from '../../shared/progress/repair';
import { ProgressRepository } from '../../shared/progress/repository';
import { ProgressReset } from '../../shared/progress/reset';
import { TutorialImport } from '../../shared/progress/tutorials/import';
import {
  TutorialProgressService,
  type TutorialCertificates,
} from '../../shared/progress/tutorials/service';
import type { SubmissionsRepository } from '../../shared/submissions/repository';
import type { CatalogServices } from './catalog';
import type { EmailServices } from './email';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface ProgressServices {
  repository: ProgressRepository;
  writer: EnrollmentWriter;
  locator: ResourceLocator;
  learners: LearnerAccess;
  reads: ProgressReads;
  activity: ProgressActivity;
  quizzes: QuizAttempts;
  reset: ProgressReset;
  tutorials: TutorialProgressService;
  lessons: LessonProgressService;
  tutorialImport: TutorialImport;
  recompute: OutlineRecompute;
  repair: EnrollmentRepair;
  weeklyReports: WeeklyReports;
}

/**
 * Progress reads show each resource's submission status, hence the submissions repository;
 * seed 001's tutorials show and ask for certificates, which the certificates feature answers.
 */
export function progressServices(
  platform: Platform,
  catalog: CatalogServices,
  submissions: () => SubmissionsRepository,
  certificates: () => TutorialCertificates,
  email: EmailServices,
): ProgressServices {
  const { outbox, audit, rateLimits, directory } = platform;
  const progress: ProgressServices = lazy<ProgressServices>({
    repository: () => new ProgressRepository(platform.clients.firestore),
    writer: () =>
      new EnrollmentWriter(
        progress.repository,
        catalog.repository,
        catalog.pathwayCache,
        outbox,
        audit,
        activityMessages,
      ),
    locator: () => new ResourceLocator(catalog.repository, catalog.pathwayCache),
    learners: () => new LearnerAccess(progress.repository, directory),
    reads: () =>
      new ProgressReads(
        progress.repository,
        catalog.repository,
        submissions(),
        catalog.access,
        progress.locator,
      ),
    activity: () =>
      new ProgressActivity(
        progress.repository,
        progress.writer,
        catalog.access,
        progress.locator,
        progress.reads,
        rateLimits,
        new EnrollmentNotices(email.mailer, directory),
      ),
    quizzes: () =>
      new QuizAttempts(
        progress.repository,
        catalog.repository,
        progress.writer,
        progress.locator,
        rateLimits,
      ),
    reset: () => new ProgressReset(progress.repository, progress.writer, catalog.access),
    tutorials: () =>
      new TutorialProgressService(
        progress.repository,
        catalog.access,
        progress.reads,
        progress.activity,
        progress.quizzes,
        progress.reset,
        progress.learners,
        certificates(),
      ),
    tutorialImport: () =>
      new TutorialImport(
        progress.repository,
        catalog.repository,
        catalog.access,
        progress.writer,
        rateLimits,
      ),
    lessons: () =>
      new LessonProgressService(progress.repository, catalog.access, progress.activity),
    recompute: () =>
      new OutlineRecompute(progress.repository, catalog.repository, progress.writer, outbox),
    weeklyReports: () =>
      new WeeklyReports(
        email.mailer,
        progress.repository,
        catalog.repository,
        platform.clients.tasks,
        platform.config,
      ),
    repair: () => new EnrollmentRepair(progress.repository, catalog.repository, progress.writer),
  });
  return progress;
}
