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
  mailWatchTick: 'mail-watch-tick',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Cloud Tasks queues. */
export const Queues = {
  uploadExpiry: 'upload-expiry',
  weeklyReports: 'weekly-reports',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

/** Buckets are named by role in code; the name in a project follows from its id. */
export const BucketRoles = ['submissions'] as const;
export type BucketRole = (typeof BucketRoles)[number];

export function bucketName(role: BucketRole, projectId: string): string {
  return `${projectId}-${role}`;
}

/** Service accounts by role: `pathwise-{role}@{project}.iam.gserviceaccount.com`. */
export const ServiceAccountRoles = ['api', 'events', 'tasks-invoker', 'trigger-invoker'] as const;
export type ServiceAccountRole = (typeof ServiceAccountRoles)[number];

export function serviceAccountEmail(role: ServiceAccountRole, projectId: string): string {
  return `pathwise-${role}@${projectId}.iam.gserviceaccount.com`;
}

/**
 * Documents whose creation triggers a function (Firestore → Eventarc), as path patterns with one
 * wildcard: the collection and the id.
 */
export const DocumentTriggers = {
  outboxEntry: { collection: 'outbox', pattern: 'outbox/{id}' },
} as const;
export type DocumentPattern = (typeof DocumentTriggers)[keyof typeof DocumentTriggers]['pattern'];

/** Task handlers: the function Cloud Tasks calls for each queue. */
export const TaskTargets = {
  expireUpload: { queue: Queues.uploadExpiry, functionName: 'expireUpload' },
  sendWeeklyReport: { queue: Queues.weeklyReports, functionName: 'sendWeeklyReport' },
} as const;

/** Cloud Scheduler jobs that publish an empty message to a topic. */
export const Schedules = [
  { name: 'pathwise-outbox-drain', schedule: '* * * * *', topic: Topics.outboxTick },
  { name: 'pathwise-mail-watch', schedule: '*/5 * * * *', topic: Topics.mailWatchTick },
] as const;
