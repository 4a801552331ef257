/**
 * The function manifest: the single source of truth for what is deployed and how it is
 * triggered. The local functions host wires triggers from it, the deploy plan turns it into
 * gcloud commands, and a test fails when it and the code disagree.
 */
import type { FunctionKind, StorageEventType } from '../shared/platform/functions';
import {
  bucketName,
  BucketRoles,
  DocumentTriggers,
  type DocumentPattern,
  Queues,
  Schedules,
  TaskTargets,
  Topics,
  type BucketRole,
  type QueueName,
  type ServiceAccountRole,
  type TopicName,
} from '../shared/triggers';

export type { ServiceAccountRole };

export interface ManifestFunction {
  name: string;
  kind: FunctionKind;
  topic?: TopicName;
  bucket?: BucketRole;
  event?: StorageEventType;
  /** Firestore trigger: the documents whose creation it runs on. */
  document?: DocumentPattern;
  queue?: QueueName;
  memory: '256Mi' | '512Mi' | '1Gi';
  timeoutSeconds: number;
  /** Event functions: redeliver on failure (handlers are idempotent). */
  retry?: boolean;
  maxInstances: number;
  concurrency: number;
  /** The identity the function runs as. */
  serviceAccount: 'api' | 'events';
}

export interface ManifestTopic {
  name: TopicName;
  /** Days Pub/Sub keeps unacknowledged messages. */
  retentionDays: number;
}

export interface ManifestQueue {
  name: QueueName;
  maxDispatchesPerSecond: number;
  maxConcurrentDispatches: number;
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
}

export interface ManifestBucket {
  role: BucketRole;
  /** Bucket name from the project id. */
  name: (projectId: string) => string;
}

export interface ManifestSchedule {
  name: string;
  schedule: string;
  topic: TopicName;
}

export interface Manifest {
  functions: ManifestFunction[];
  topics: ManifestTopic[];
  queues: ManifestQueue[];
  buckets: ManifestBucket[];
  schedules: ManifestSchedule[];
}

const api = {
  memory: '256Mi',
  timeoutSeconds: 60,
  maxInstances: 50,
  concurrency: 80,
  serviceAccount: 'api',
} as const;
const events = {
  memory: '256Mi',
  timeoutSeconds: 300,
  retry: true,
  maxInstances: 20,
  concurrency: 1,
  serviceAccount: 'events',
} as const;

export const manifest: Manifest = {
  functions: [
    { name: 'catalogApi', kind: 'http', ...api },
    { name: 'progressApi', kind: 'http', ...api },
    { name: 'tutorialsApi', kind: 'http', ...api },
    { name: 'submissionsApi', kind: 'http', ...api },
    { name: 'adminApi', kind: 'http', ...api },
    { name: 'emailApi', kind: 'http', ...api },
    { name: 'authApi', kind: 'http', ...api },
    { name: 'apiDocs', kind: 'http', ...api },
    { name: 'setUserRole', kind: 'callable', ...api },
    { name: 'listPendingSubmissions', kind: 'callable', ...api },
    { name: 'reviewSubmission', kind: 'callable', ...api },
    {
      name: 'onOutlineChanged',
      kind: 'pubsub',
      topic: Topics.outlineChanged,
      ...events,
      memory: '512Mi',
      timeoutSeconds: 300,
    },
    {
      name: 'onSubmissionUploaded',
      kind: 'storage',
      bucket: 'submissions',
      event: 'finalized',
      ...events,
      memory: '512Mi',
      timeoutSeconds: 120,
    },
    {
      name: TaskTargets.expireUpload.functionName,
      kind: 'task',
      queue: TaskTargets.expireUpload.queue,
      ...api,
      serviceAccount: 'events',
      concurrency: 20,
    },
    {
      name: TaskTargets.sendWeeklyReport.functionName,
      kind: 'task',
      queue: TaskTargets.sendWeeklyReport.queue,
      ...api,
      serviceAccount: 'events',
      timeoutSeconds: 120,
      concurrency: 10,
    },
    { name: 'drainOutbox', kind: 'pubsub', topic: Topics.outboxTick, ...events, retry: false },
    // The next tick is the retry; a pass's work is idempotent per document.
    { name: 'watchMail', kind: 'pubsub', topic: Topics.mailWatchTick, ...events, retry: false },
    {
      name: 'relayOutbox',
      kind: 'firestore',
      document: DocumentTriggers.outboxEntry.pattern,
      ...events,
      timeoutSeconds: 60,
      // An entry's relay takes over its key's pending entries, so one relay often publishes the
      // events of several commits; many run at once (one per key), each short.
      maxInstances: 50,
      concurrency: 1,
    },
  ],
  topics: [
    { name: Topics.outlineChanged, retentionDays: 7 },
    { name: Topics.progressEvents, retentionDays: 7 },
    { name: Topics.outboxTick, retentionDays: 1 },
    { name: Topics.mailWatchTick, retentionDays: 1 },
  ],
  queues: [
    {
      name: Queues.uploadExpiry,
      maxDispatchesPerSecond: 50,
      maxConcurrentDispatches: 20,
      maxAttempts: 10,
      minBackoffSeconds: 10,
      maxBackoffSeconds: 600,
    },
    {
      // Monday 09:00 arrives in many timezones at once: spread the sends.
      name: Queues.weeklyReports,
      maxDispatchesPerSecond: 20,
      maxConcurrentDispatches: 20,
      maxAttempts: 5,
      minBackoffSeconds: 60,
      maxBackoffSeconds: 3600,
    },
  ],
  buckets: BucketRoles.map((role) => ({ role, name: (projectId) => bucketName(role, projectId) })),
  schedules: Schedules.map((s) => ({ ...s })),
};
