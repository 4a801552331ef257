/**
 * Every name that ties code to infrastructure, declared once: Pub/Sub topics, Cloud Tasks
 * queues, buckets by role, service accounts, scheduler jobs. The functions, the manifest, the
 * configuration and the local stack all import these.
 */

/** Pub/Sub topics. Names are at least 3 characters (a Pub/Sub rule). */
export const Topics = {
  outlineChanged: 'outline-changed',
  progressEvents: 'progress-events',
  outboxTick: 'outbox-tick',
  generationStages: 'generation-stages',
  mailWatchTick: 'mail-watch-tick',
  /** Learner events raised outside progress (quiz attempts, assessments, goals, actions). */
  learnerEvents: 'learner-events',
  /** The weekly path adjustment job's weekly tick. */
  weeklyAdjustmentTick: 'weekly-adjustment-tick',
  /** Replans of a learner's paths, staged by the refold that moved a level band. */
  pathReplans: 'path-replans',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Cloud Tasks queues. */
export const Queues = {
  uploadExpiry: 'upload-expiry',
  generationStarts: 'generation-starts',
  weeklyReports: 'weekly-reports',
  weeklyAdjustments: 'weekly-adjustments',
  lrsPush: 'lrs-push',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

/** Buckets are named by role in code; the name in a project follows from its id. */
export const BucketRoles = ['submissions', 'certificates'] as const;
export type BucketRole = (typeof BucketRoles)[number];

export function bucketName(role: BucketRole, projectId: string): string {
  return `${projectId}-${role}`;
}

/**
 * Service accounts by role: `pathwise-{role}@{project}.iam.gserviceaccount.com`. Functions run as
 * `api`, `events` or `user-admin` (the only one that may change custom claims); Cloud Tasks and
 * Eventarc call them as the invokers; Cloud Build builds them as `build`.
 */
export const ServiceAccountRoles = [
  'api',
  'events',
  'user-admin',
  'tasks-invoker',
  'trigger-invoker',
  'build',
] as const;
export type ServiceAccountRole = (typeof ServiceAccountRoles)[number];

export function serviceAccountEmail(role: ServiceAccountRole, projectId: string): string {
  return `pathwise-${role}@${projectId}.iam.gserviceaccount.com`;
}

/**
 * Documents whose creation triggers a function (Firestore → Eventarc), as path patterns: a
 * collection (the last one, for a subcollection) and a wildcard per document id on the path.
 */
export const DocumentTriggers = {
  outboxEntry: { collection: 'outbox', pattern: 'outbox/{id}' },
  learnerEvent: { collection: 'events', pattern: 'users/{uid}/events/{eventId}' },
} as const;
export type DocumentPattern = (typeof DocumentTriggers)[keyof typeof DocumentTriggers]['pattern'];

/**
 * Task handlers: the function Cloud Tasks calls for each queue, and the variable that tells the
 * functions creating its tasks the handler's URL (deployed: its Cloud Run `run.app` URL, which
 * Cloud Run requires as the OIDC audience).
 */
export const TaskTargets = {
  expireUpload: {
    queue: Queues.uploadExpiry,
    functionName: 'expireUpload',
    urlVariable: 'PATHWISE_EXPIRE_UPLOAD_URL',
  },
  startGeneration: {
    queue: Queues.generationStarts,
    functionName: 'startGeneration',
    urlVariable: 'PATHWISE_START_GENERATION_URL',
  },
  sendWeeklyReport: {
    queue: Queues.weeklyReports,
    functionName: 'sendWeeklyReport',
    urlVariable: 'PATHWISE_SEND_WEEKLY_REPORT_URL',
  },
  applyWeeklyAdjustment: {
    queue: Queues.weeklyAdjustments,
    functionName: 'applyWeeklyAdjustment',
    urlVariable: 'PATHWISE_APPLY_WEEKLY_ADJUSTMENT_URL',
  },
  pushStatement: {
    queue: Queues.lrsPush,
    functionName: 'pushStatement',
    urlVariable: 'PATHWISE_PUSH_STATEMENT_URL',
  },
} as const;
export type TaskTargetName = (typeof TaskTargets)[keyof typeof TaskTargets]['functionName'];

/**
 * At most this many course generations run at once per deployment. The start queue dispatches
 * one task at a time, so admissions are serialised and the count of running generations cannot
 * be overtaken by a concurrent admission.
 */
export const MAX_CONCURRENT_GENERATIONS = 4;

/** Cloud Scheduler jobs that publish an empty message to a topic. */
export const Schedules = [
  { name: 'pathwise-outbox-drain', schedule: '* * * * *', topic: Topics.outboxTick },
  { name: 'pathwise-mail-watch', schedule: '*/5 * * * *', topic: Topics.mailWatchTick },
  // Mondays 12:00 UTC: Monday in every timezone from UTC-12 to UTC+11, and the same ISO week in
  // the others (adjustment-week.ts), so every learner's week has begun and none has ended.
  {
    name: 'pathwise-weekly-adjustments',
    schedule: '0 12 * * 1',
    topic: Topics.weeklyAdjustmentTick,
  },
] as const;
