// Over 300 lines: the manifest is one table of every deployed function; splitting it would scatter the single source of truth.
/**
 * The function manifest: the single source of truth for what is deployed and how it is
 * triggered. The local functions host wires triggers from it, the deploy plan turns it into
 * gcloud commands, and a test fails when it and the code disagree.
 */
import type { FunctionKind, StorageEventType } from '../shared/platform/functions';
import type { InstanceSize } from './resources';
import {
  bucketName,
  BucketRoles,
  DocumentTriggers,
  type DocumentPattern,
  MAX_CONCURRENT_GENERATIONS,
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

/** The identities functions run as; the other service accounts call or build them. */
export type RuntimeIdentity = Extract<ServiceAccountRole, 'api' | 'events' | 'user-admin'>;

/**
 * What a function's code touches, read from its use cases: the deploy plan grants its identity
 * exactly the roles these need (infra/iam.ts), so a new dependency goes here first.
 */
export interface FunctionUses {
  /** Reads and writes Firestore documents. */
  firestore?: true;
  /** Topics it publishes to itself (staging in the outbox is a Firestore write). */
  publishes?: readonly TopicName[];
  /** Queues it creates tasks on, with the tasks invoker's OIDC identity. */
  enqueues?: readonly QueueName[];
  /**
   * Firebase Auth users: `read` (lookups, revocation checks), `claims` (sets custom claims) or
   * `manage` (creates users, issues password-reset links).
   */
  users?: 'read' | 'claims' | 'manage';
  /** Buckets whose objects it reads, creates, moves or deletes. */
  objects?: readonly BucketRole[];
  /** Signs URLs as itself (IAM signBlob); the URLs act with its object permissions. */
  signsUrls?: true;
  /** Signs certificate credentials as itself (IAM signBlob with its Google-managed keys). */
  signsCredentials?: true;
}

export interface ManifestFunction extends InstanceSize {
  name: string;
  kind: FunctionKind;
  topic?: TopicName;
  bucket?: BucketRole;
  event?: StorageEventType;
  /** Firestore trigger: the documents whose creation it runs on. */
  document?: DocumentPattern;
  queue?: QueueName;
  timeoutSeconds: number;
  /** Event functions: redeliver on failure (handlers are idempotent). */
  retry?: boolean;
  maxInstances: number;
  /** The identity the function runs as. */
  serviceAccount: RuntimeIdentity;
  uses: FunctionUses;
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

/** A Secret Manager secret every deployed function reads into an environment variable. */
export interface ManifestSecret {
  name: string;
  env: string;
  why: string;
}

export interface Manifest {
  functions: ManifestFunction[];
  secrets: ManifestSecret[];
  topics: ManifestTopic[];
  queues: ManifestQueue[];
  buckets: ManifestBucket[];
  schedules: ManifestSchedule[];
}

/**
 * Request-serving functions: many requests at once on one instance, which Cloud Run allows only
 * with a whole vCPU, and memory for that many (infra/resources.ts).
 */
const api = {
  memory: '512Mi',
  cpu: 1,
  timeoutSeconds: 60,
  maxInstances: 50,
  concurrency: 80,
  serviceAccount: 'api',
} as const;
/** Event handlers: one event per instance (each runs its own transactions and batches). */
const events = {
  memory: '256Mi',
  cpu: 0.167,
  timeoutSeconds: 300,
  retry: true,
  maxInstances: 20,
  concurrency: 1,
  serviceAccount: 'events',
} as const;

const { outlineChanged, progressEvents } = Topics;
/**
 * Every user-facing function checks revocation of staff tokens, an Auth lookup. Their events go
 * into the outbox in the commit of the change (Firestore); the relay and the drain publish them.
 */
const userFacing = { firestore: true, users: 'read' } as const;
/** What the outbox holds events for: the relay and the drain (its safety net) publish the same. */
const outboxTopics = [
  outlineChanged,
  progressEvents,
  Topics.generationStages,
  Topics.learnerEvents,
  Topics.pathReplans,
];

export const manifest: Manifest = {
  functions: [
    {
      name: 'catalogApi',
      kind: 'http',
      ...api,
      uses: userFacing,
    },
    {
      name: 'progressApi',
      kind: 'http',
      ...api,
      uses: userFacing,
    },
    {
      name: 'tutorialsApi',
      kind: 'http',
      ...api,
      uses: userFacing,
    },
    {
      name: 'submissionsApi',
      kind: 'http',
      ...api,
      uses: {
        ...userFacing,
        enqueues: [Queues.uploadExpiry],
        objects: ['submissions'],
        signsUrls: true,
      },
    },
    {
      name: 'adminApi',
      kind: 'http',
      ...api,
      uses: {
        ...userFacing,
        objects: ['submissions'],
        signsUrls: true,
      },
    },
    {
      name: 'certificatesApi',
      kind: 'http',
      ...api,
      // Renders certificate PDFs on request: fonts (CJK faces are ~10 MB each) want the memory.
      memory: '1Gi',
      // Issues (PDFs to the bucket, credentials signed with IAM signBlob as itself), verifies,
      // and hands learners signed download URLs; names come from Auth.
      uses: { ...userFacing, objects: ['certificates'], signsUrls: true, signsCredentials: true },
    },
    { name: 'learnerApi', kind: 'http', ...api, uses: userFacing },
    // Notification preferences and one-click unsubscribe.
    { name: 'emailApi', kind: 'http', ...api, uses: userFacing },
    {
      name: 'authApi',
      kind: 'http',
      ...api,
      // Creates Auth users and password-reset links: the user-admin identity, not the API's.
      serviceAccount: 'user-admin',
      uses: { firestore: true, users: 'manage', enqueues: [Queues.weeklyReports] },
    },
    { name: 'skillsApi', kind: 'http', ...api, uses: userFacing },
    { name: 'assessmentsApi', kind: 'http', ...api, uses: userFacing },
    { name: 'learningApi', kind: 'http', ...api, uses: userFacing },
    { name: 'aiApi', kind: 'http', ...api, uses: userFacing },
    {
      // Instructor media (seed 003 /upload/*, /api/v1/media): signed uploads into the uploads
      // bucket's media folders, expiry tasks, signed reads, deletes.
      name: 'mediaApi',
      kind: 'http',
      ...api,
      uses: {
        ...userFacing,
        enqueues: [Queues.uploadExpiry],
        objects: ['submissions'],
        signsUrls: true,
      },
    },
    {
      name: 'privacyApi',
      kind: 'http',
      ...api,
      // Deletes Auth users (the user-admin identity), renames submitted files and removes
      // certificate PDFs of deleted accounts, writes exports and signs their download URLs.
      serviceAccount: 'user-admin',
      uses: {
        firestore: true,
        users: 'manage',
        objects: ['submissions', 'certificates'],
        signsUrls: true,
      },
    },
    // The OpenAPI document: built from the route tables, it touches nothing.
    { name: 'apiDocs', kind: 'http', ...api, uses: {} },
    {
      name: 'setUserRole',
      kind: 'callable',
      ...api,
      // The only writer of custom claims runs as an identity of its own.
      serviceAccount: 'user-admin',
      uses: { firestore: true, users: 'claims' },
    },
    { name: 'listPendingSubmissions', kind: 'callable', ...api, uses: userFacing },
    {
      name: 'reviewSubmission',
      kind: 'callable',
      ...api,
      uses: {
        ...userFacing,
        objects: ['submissions'],
        signsUrls: true,
      },
    },
    {
      name: 'onOutlineChanged',
      kind: 'pubsub',
      topic: Topics.outlineChanged,
      ...events,
      // Recompute commits eight batches at once and rolls up every enrollment: CPU-bound.
      memory: '512Mi',
      cpu: 1,
      timeoutSeconds: 300,
      // Progress events go through the outbox; a recompute out of time re-publishes its event.
      uses: { firestore: true, publishes: [outlineChanged] },
    },
    {
      name: 'onProgressEvent',
      kind: 'pubsub',
      topic: progressEvents,
      ...events,
      // Stores each learner event once, in the learner's own event collection.
      uses: { firestore: true },
    },
    {
      name: 'onLearnerEvent',
      kind: 'pubsub',
      topic: Topics.learnerEvents,
      ...events,
      // Stores the event once and refolds the learner's model (profile, recommendations).
      uses: { firestore: true },
    },
    {
      name: 'replanLearningPaths',
      kind: 'pubsub',
      topic: Topics.pathReplans,
      ...events,
      // Plans the affected goals' paths again and stores a new version when one changed.
      uses: { firestore: true },
    },
    {
      name: 'onSubmissionUploaded',
      kind: 'storage',
      bucket: 'submissions',
      event: 'finalized',
      ...events,
      memory: '512Mi',
      cpu: 0.333,
      timeoutSeconds: 120,
      // Reads and quarantines the file, records progress, mails the learner (an Auth lookup).
      uses: { firestore: true, users: 'read', objects: ['submissions'] },
    },
    {
      name: 'issueCertificates',
      kind: 'pubsub',
      topic: progressEvents,
      ...events,
      // Renders a PDF per event: the fonts want the memory, which Cloud Run gives half a vCPU.
      memory: '1Gi',
      cpu: 0.5,
      timeoutSeconds: 120,
      // Renders and stores the PDF, signs the credential (IAM signBlob as itself), reads the
      // learner's name from Auth, writes the certificate, the enrollment and the mail.
      uses: { firestore: true, users: 'read', objects: ['certificates'], signsCredentials: true },
    },
    {
      name: TaskTargets.expireUpload.functionName,
      kind: 'task',
      queue: TaskTargets.expireUpload.queue,
      ...api,
      serviceAccount: 'events',
      concurrency: 20,
      // Asks the bucket whether the file arrived before it expires an upload.
      uses: { firestore: true, objects: ['submissions'] },
    },
    {
      name: 'drainOutbox',
      kind: 'pubsub',
      topic: Topics.outboxTick,
      ...events,
      retry: false,
      uses: {
        firestore: true,
        publishes: outboxTopics,
      },
    },
    {
      name: TaskTargets.sendWeeklyReport.functionName,
      kind: 'task',
      queue: TaskTargets.sendWeeklyReport.queue,
      ...api,
      serviceAccount: 'events',
      timeoutSeconds: 120,
      concurrency: 10,
      // Reads the week's progress, queues the mail, schedules next week's report.
      uses: { firestore: true, users: 'read', enqueues: [Queues.weeklyReports] },
    },
    {
      name: 'watchMail',
      kind: 'pubsub',
      topic: Topics.mailWatchTick,
      ...events,
      // The next tick is the retry; a pass's work is idempotent per document.
      retry: false,
      uses: { firestore: true },
    },
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
      uses: {
        firestore: true,
        publishes: outboxTopics,
      },
    },
    {
      name: 'foldLearnerAnalytics',
      kind: 'firestore',
      document: DocumentTriggers.learnerEvent.pattern,
      ...events,
      timeoutSeconds: 60,
      // One short transaction per stored learner event: its day and the learner's summary.
      maxInstances: 50,
      uses: { firestore: true },
    },
    // The learner's dashboard and analytics, from the pre-aggregated documents.
    { name: 'analyticsApi', kind: 'http', ...api, uses: userFacing },
    {
      name: 'indexStatement',
      kind: 'firestore',
      document: DocumentTriggers.learnerEvent.pattern,
      ...events,
      timeoutSeconds: 60,
      // One short transaction per stored learner event: its statement's directory entry; with
      // an LRS configured, the statement's push queued.
      maxInstances: 50,
      uses: { firestore: true, enqueues: [Queues.lrsPush] },
    },
    {
      name: TaskTargets.pushStatement.functionName,
      kind: 'task',
      queue: TaskTargets.pushStatement.queue,
      ...api,
      serviceAccount: 'events',
      concurrency: 20,
      // Reads the statement's entry and event, PUTs it to the LRS, records the outcome.
      uses: { firestore: true },
    },
    {
      name: 'planWeeklyAdjustments',
      kind: 'pubsub',
      topic: Topics.weeklyAdjustmentTick,
      ...events,
      // Pages through every learner's summary and queues a task per active one: long, not heavy.
      timeoutSeconds: 540,
      maxInstances: 1,
      // Task names dedupe a rerun, so a failed pass is simply delivered again.
      uses: { firestore: true, enqueues: [Queues.weeklyAdjustments] },
    },
    {
      name: TaskTargets.applyWeeklyAdjustment.functionName,
      kind: 'task',
      queue: TaskTargets.applyWeeklyAdjustment.queue,
      ...api,
      serviceAccount: 'events',
      concurrency: 10,
      // Reads the learner's analytics days and weekly target, stores the week's adjustment.
      uses: { firestore: true },
    },
    {
      name: 'projectsApi',
      kind: 'http',
      ...api,
      // Starting a run enqueues its admission; zip sources arrive through signed URLs.
      uses: {
        ...userFacing,
        enqueues: [Queues.generationStarts],
        objects: ['submissions'],
        signsUrls: true,
      },
    },
    {
      name: TaskTargets.startGeneration.functionName,
      kind: 'task',
      queue: TaskTargets.startGeneration.queue,
      ...api,
      serviceAccount: 'events',
      concurrency: 1,
      // Admits a run and stages its first stage's message in the outbox.
      uses: { firestore: true },
    },
    {
      name: 'runGenerationStage',
      kind: 'pubsub',
      topic: Topics.generationStages,
      ...events,
      memory: '1Gi',
      cpu: 0.5,
      timeoutSeconds: 540,
      maxInstances: MAX_CONCURRENT_GENERATIONS,
      // Reads zip sources, writes the draft through the catalog; the next stage goes via the outbox.
      uses: { firestore: true, users: 'read', objects: ['submissions'] },
    },
  ],
  topics: [
    { name: Topics.outlineChanged, retentionDays: 7 },
    { name: Topics.progressEvents, retentionDays: 7 },
    { name: Topics.outboxTick, retentionDays: 1 },
    { name: Topics.generationStages, retentionDays: 7 },
    { name: Topics.mailWatchTick, retentionDays: 1 },
    { name: Topics.learnerEvents, retentionDays: 7 },
    { name: Topics.weeklyAdjustmentTick, retentionDays: 1 },
    { name: Topics.pathReplans, retentionDays: 7 },
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
      // One admission at a time (see MAX_CONCURRENT_GENERATIONS); a start waits for a slot as
      // long as it takes, so it is never dropped.
      name: Queues.generationStarts,
      maxDispatchesPerSecond: 5,
      maxConcurrentDispatches: 1,
      maxAttempts: -1,
      minBackoffSeconds: 5,
      maxBackoffSeconds: 60,
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
    {
      // Every active learner's task is queued at once on Monday: spread them so the job reads
      // Firestore at a steady rate instead of in one burst.
      name: Queues.weeklyAdjustments,
      maxDispatchesPerSecond: 10,
      maxConcurrentDispatches: 10,
      maxAttempts: 10,
      minBackoffSeconds: 30,
      maxBackoffSeconds: 1800,
    },
    {
      // Every learner event becomes one push: a steady rate the external LRS can take, and an
      // LRS that is down is retried with backoff for about four days.
      name: Queues.lrsPush,
      maxDispatchesPerSecond: 20,
      maxConcurrentDispatches: 20,
      maxAttempts: 100,
      minBackoffSeconds: 10,
      maxBackoffSeconds: 3600,
    },
  ],
  secrets: [
    {
      name: 'pathwise-email-unsubscribe-secrets',
      env: 'PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS',
      why: 'sign and check one-click unsubscribe links (comma-separated, newest first)',
    },
    {
      name: 'pathwise-pseudonym-secret',
      env: 'PATHWISE_PSEUDONYM_SECRET',
      why: "turn a deleted account's uid into the pseudonymous id its records keep (HMAC key)",
    },
  ],
  buckets: BucketRoles.map((role) => ({ role, name: (projectId) => bucketName(role, projectId) })),
  schedules: Schedules.map((s) => ({ ...s })),
};
