import type { FunctionDefinition } from '../shared/platform/functions';
import { adminApi } from './admin-api';
import { aiApi } from './ai-api';
import { analyticsApi } from './analytics-api';
import { applyWeeklyAdjustment } from './apply-weekly-adjustment';
import { apiDocs } from './api-docs';
import { authApi } from './auth-api';
import { assessmentsApi } from './assessments-api';
import { catalogApi } from './catalog-api';
import { certificatesApi } from './certificates-api';
import { drainOutbox } from './drain-outbox';
import { emailApi } from './email-api';
import { expireUpload } from './expire-upload';
import { indexStatement } from './index-statement';
import { pushStatement } from './push-statement';
import { issueCertificates } from './issue-certificates';
import { learnerApi } from './learner-api';
import { learningApi } from './learning-api';
import { mediaApi } from './media-api';
import { listPendingSubmissions } from './list-pending-submissions';
import { onLearnerEvent } from './on-learner-event';
import { foldLearnerAnalytics } from './fold-learner-analytics';
import { onOutlineChanged } from './on-outline-changed';
import { onProgressEvent } from './on-progress-event';
import { onSubmissionUploaded } from './on-submission-uploaded';
import { privacyApi } from './privacy-api';
import { planWeeklyAdjustments } from './plan-weekly-adjustments';
import { progressApi } from './progress-api';
import { relayOutbox } from './relay-outbox';
import { replanLearningPaths } from './replan-learning-paths';
import { projectsApi } from './projects-api';
import { reviewSubmission } from './review-submission';
import { runGenerationStage } from './run-generation-stage';
import type { FunctionFactory, Services } from './services';
import { sendWeeklyReport } from './send-weekly-report';
import { setUserRole } from './set-user-role';
import { skillsApi } from './skills-api';
import { startGeneration } from './start-generation';
import { submissionsApi } from './submissions-api';
import { tutorialsApi } from './tutorials-api';
import { watchMail } from './watch-mail';

/** Every product function, one factory per file; the API document is added last, over them. */
export const factories: FunctionFactory[] = [
  catalogApi,
  progressApi,
  tutorialsApi,
  submissionsApi,
  certificatesApi,
  adminApi,
  learnerApi,
  emailApi,
  authApi,
  skillsApi,
  assessmentsApi,
  learningApi,
  aiApi,
  privacyApi,
  mediaApi,
  setUserRole,
  listPendingSubmissions,
  reviewSubmission,
  onOutlineChanged,
  onProgressEvent,
  onLearnerEvent,
  replanLearningPaths,
  onSubmissionUploaded,
  issueCertificates,
  expireUpload,
  sendWeeklyReport,
  drainOutbox,
  relayOutbox,
  projectsApi,
  startGeneration,
  runGenerationStage,
  watchMail,
  foldLearnerAnalytics,
  analyticsApi,
  planWeeklyAdjustments,
  applyWeeklyAdjustment,
  indexStatement,
  pushStatement,
];

/** Every product function (all but the API document), built over one set of services. */
export function buildProduct(services: Services): FunctionDefinition[] {
  return factories.map((build) => build(services));
}

/** Every deployable function, built over one set of services. */
export function buildFunctions(services: Services): FunctionDefinition[] {
  const product = buildProduct(services);
  return [...product, apiDocs(services, () => product)];
}
