/**
 * The function manifest: the single source of truth for what is deployed and how it is
 * triggered. The local functions host wires triggers from it, the deploy plan turns it into
 * gcloud commands, and a test fails when it and the code disagree.
 */
import type { BucketRole, FunctionKind, StorageEventType } from '../shared/platform/functions';

export type ServiceAccountRole = 'api' | 'events' | 'tasks-invoker' | 'trigger-invoker';

export interface ManifestFunction {
  name: string;
  kind: FunctionKind;
  topic?: string;
  bucket?: BucketRole;
  event?: StorageEventType;
  queue?: string;
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
  name: string;
  /** Days Pub/Sub keeps unacknowledged messages. */
  retentionDays: number;
}

export interface ManifestQueue {
  name: string;
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
  topic: string;
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
    { name: 'apiDocs', kind: 'http', ...api },
    { name: 'setUserRole', kind: 'callable', ...api },
    { name: 'listPendingSubmissions', kind: 'callable', ...api },
    { name: 'reviewSubmission', kind: 'callable', ...api },
    {
      name: 'onOutlineChanged',
      kind: 'pubsub',
      topic: 'outline-changed',
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
      name: 'expireUpload',
      kind: 'task',
      queue: 'upload-expiry',
      ...api,
      serviceAccount: 'events',
      concurrency: 20,
    },
    { name: 'drainOutbox', kind: 'pubsub', topic: 'outbox-tick', ...events, retry: false },
  ],
  topics: [
    { name: 'outline-changed', retentionDays: 7 },
    { name: 'progress-events', retentionDays: 7 },
    { name: 'outbox-tick', retentionDays: 1 },
  ],
  queues: [
    {
      name: 'upload-expiry',
      maxDispatchesPerSecond: 50,
      maxConcurrentDispatches: 20,
      maxAttempts: 10,
      minBackoffSeconds: 10,
      maxBackoffSeconds: 600,
    },
  ],
  buckets: [{ role: 'submissions', name: (projectId) => `${projectId}-submissions` }],
  schedules: [{ name: 'pathwise-outbox-drain', schedule: '* * * * *', topic: 'outbox-tick' }],
};
