import { applyWeeklyAdjustment, indexStatement, planWeeklyAdjustments } from './analytics';
import { runGenerationStage, startGeneration } from './generation';
import { foldLearnerAnalytics, onLearnerEvent, replanLearningPaths } from './learner';
import { sendWeeklyReport, watchMail } from './mail';
import { drainOutbox, relayOutbox } from './outbox';
import { issueCertificates, onOutlineChanged, onProgressEvent } from './progress';
import type { Scenario } from './scenario';
import { expireUpload, onSubmissionUploaded } from './submissions';
import { pushStatement } from './xapi';

export { closeOutboxCollector } from './outbox';
export { closeScenarioLrs } from './xapi';
export type { Prepared, Scenario } from './scenario';

/** Every event and task function's duplicate-delivery scenario, by its manifest name. */
export const scenarios: Partial<Record<string, Scenario>> = {
  onOutlineChanged,
  onProgressEvent,
  onSubmissionUploaded,
  issueCertificates,
  expireUpload,
  drainOutbox,
  relayOutbox,
  startGeneration,
  runGenerationStage,
  onLearnerEvent,
  replanLearningPaths,
  foldLearnerAnalytics,
  watchMail,
  sendWeeklyReport,
  planWeeklyAdjustments,
  applyWeeklyAdjustment,
  indexStatement,
  pushStatement,
};
