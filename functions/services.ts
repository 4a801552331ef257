/**
 * The composition root: builds every client and use case once, from the configuration, and hands
 * them to the functions. Nothing else in `shared/` or `functions/` creates a client or reads the
 * environment. Everything is built on first use, so a function pays only for what it touches.
 */
import type { Firestore } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { PubSub } from '@google-cloud/pubsub';
import { OAuth2Client } from 'google-auth-library';
import type { Bucket, Storage } from '@google-cloud/storage';
import { AuditLog } from '../shared/audit';
import { firebaseAuthenticator } from '../shared/auth';
import { PathwayAccess } from '../shared/catalog/access';
import { ModuleWrites } from '../shared/catalog/module-writes';
import { PathwayWriter } from '../shared/catalog/pathway-writer';
import { PathwayWrites } from '../shared/catalog/pathway-writes';
import { CatalogReads } from '../shared/catalog/reads';
import { CatalogRepository } from '../shared/catalog/repository';
import { ResourceWrites } from '../shared/catalog/resource-writes';
import { PathwayStaff } from '../shared/catalog/staff';
import { parseConfig, type Config } from '../shared/config';
import type { Edge } from '../shared/http/edge';
import type { FunctionDefinition } from '../shared/platform/functions';
import { setLogLevel } from '../shared/log';
import { MailQueue } from '../shared/mail';
import { authOf, firebaseApp, firestoreOf } from '../shared/platform/firebase';
import { serviceCallerVerifier, type VerifyServiceCaller } from '../shared/service-auth';
import { Outbox } from '../shared/platform/outbox';
import { Publisher } from '../shared/platform/pubsub';
import { RateLimiter } from '../shared/platform/rate-limit';
import { createStorage } from '../shared/platform/storage';
import { createTasksClient, TaskQueue } from '../shared/platform/tasks';
import { LearnerAccess, ResourceLocator } from '../shared/progress/access';
import { ProgressActivity } from '../shared/progress/activity';
import { EnrollmentWriter } from '../shared/progress/enrollment-writer';
import { QuizAttempts } from '../shared/progress/quiz-attempts';
import { ProgressReads } from '../shared/progress/reads';
import { OutlineRecompute } from '../shared/progress/recompute';
import { EnrollmentRepair } from '../shared/progress/repair';
import { ProgressRepository } from '../shared/progress/repository';
import { ProgressReset } from '../shared/progress/reset';
import { TutorialProgressService } from '../shared/progress/tutorials/service';
import { UploadExpiry } from '../shared/submissions/expiry';
import { FeedbackFiles } from '../shared/submissions/feedback-files';
import { FinalizeUpload } from '../shared/submissions/finalize';
import { LearnerFiles } from '../shared/submissions/learner-files';
import { LearnerNotices } from '../shared/submissions/notices';
import { SubmissionsRepository } from '../shared/submissions/repository';
import { ReviewSubmission } from '../shared/submissions/review';
import { ReviewQueue } from '../shared/submissions/review-queue';
import { passThroughScanner, type MalwareScanner } from '../shared/submissions/scanner';
import { UploadSigner } from '../shared/submissions/signed-urls';
import { OpenUpload } from '../shared/submissions/uploads';
import { UserDirectory } from '../shared/users/directory';
import { UserRoles } from '../shared/users/roles';

/** Builds a value on first read and keeps it. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

export interface Clients {
  firestore: Firestore;
  auth: Auth;
  storage: Storage;
  submissionsBucket: Bucket;
  publisher: Publisher;
  tasks: TaskQueue;
}

export interface Services {
  config: Config;
  edge: Edge;
  clients: Clients;
  outbox: Outbox;
  /** Per-key call limits for expensive or abusable routes. */
  rateLimits: RateLimiter;
  catalog: {
    repository: CatalogRepository;
    access: PathwayAccess;
    reads: CatalogReads;
    pathways: PathwayWrites;
    modules: ModuleWrites;
    resources: ResourceWrites;
    staff: PathwayStaff;
  };
  progress: {
    repository: ProgressRepository;
    writer: EnrollmentWriter;
    locator: ResourceLocator;
    learners: LearnerAccess;
    reads: ProgressReads;
    activity: ProgressActivity;
    quizzes: QuizAttempts;
    reset: ProgressReset;
    tutorials: TutorialProgressService;
    recompute: OutlineRecompute;
    repair: EnrollmentRepair;
  };
  submissions: {
    repository: SubmissionsRepository;
    uploads: OpenUpload;
    finalize: FinalizeUpload;
    expiry: UploadExpiry;
    files: LearnerFiles;
    queue: ReviewQueue;
    review: ReviewSubmission;
  };
  users: { roles: UserRoles; directory: UserDirectory };
}

export interface ServiceOptions {
  /** The malware scanner finalize runs; none by default (every file passes, and says so). */
  scanner?: MalwareScanner;
}

/** Defines a lazily built object: each property is built on first read. */
function lazy<T extends object>(builders: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const key of Object.keys(builders) as (keyof T)[]) {
    const get = once(builders[key]);
    Object.defineProperty(target, key, { get, enumerable: true });
  }
  return target;
}

export function createServices(config: Config, options: ServiceOptions = {}): Services {
  setLogLevel(config.logLevel);
  const app = once(() => firebaseApp(config.projectId));
  const clients: Clients = lazy<Clients>({
    firestore: () => firestoreOf(app()),
    auth: () => authOf(app()),
    storage: () => createStorage(config),
    submissionsBucket: () => clients.storage.bucket(config.submissionsBucket),
    publisher: () => new Publisher(new PubSub({ projectId: config.projectId })),
    tasks: () => new TaskQueue({ client: createTasksClient(config), config }),
  });
  const outbox = once(() => new Outbox(clients.firestore, clients.publisher));
  const rateLimits = once(() => new RateLimiter(clients.firestore));
  const audit = once(() => new AuditLog(clients.firestore));
  const directory = once(() => new UserDirectory(clients.auth));
  const signer = once(() => new UploadSigner(clients.submissionsBucket));
  const notices = once(() => new LearnerNotices(new MailQueue(clients.firestore)));

  const catalog: Services['catalog'] = lazy<Services['catalog']>({
    repository: () => new CatalogRepository(clients.firestore),
    access: () => new PathwayAccess(catalog.repository, config.reviewScope),
    reads: () => new CatalogReads(catalog.repository, catalog.access),
    pathways: () => new PathwayWrites(catalog.repository, pathwayWriter()),
    modules: () => new ModuleWrites(catalog.repository, pathwayWriter(), catalog.reads),
    resources: () => new ResourceWrites(catalog.repository, pathwayWriter(), catalog.reads),
    staff: () => new PathwayStaff(catalog.access, pathwayWriter(), directory()),
  });
  const pathwayWriter = once(() => new PathwayWriter(catalog.repository, outbox()));

  const submissionsRepo = once(() => new SubmissionsRepository(clients.firestore));
  const progress: Services['progress'] = lazy<Services['progress']>({
    repository: () => new ProgressRepository(clients.firestore),
    writer: () => new EnrollmentWriter(progress.repository, catalog.repository, outbox(), audit()),
    locator: () => new ResourceLocator(catalog.repository, catalog.access),
    learners: () => new LearnerAccess(progress.repository, directory()),
    reads: () =>
      new ProgressReads(
        progress.repository,
        catalog.repository,
        submissionsRepo(),
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
        rateLimits(),
      ),
    quizzes: () =>
      new QuizAttempts(
        progress.repository,
        catalog.repository,
        progress.writer,
        progress.locator,
        rateLimits(),
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
      ),
    recompute: () =>
      new OutlineRecompute(progress.repository, catalog.repository, progress.writer, outbox()),
    repair: () => new EnrollmentRepair(progress.repository, catalog.repository, progress.writer),
  });

  const submissions: Services['submissions'] = lazy<Services['submissions']>({
    repository: submissionsRepo,
    uploads: () =>
      new OpenUpload(
        config,
        submissionsRepo(),
        catalog.repository,
        progress.repository,
        progress.locator,
        signer(),
        clients.tasks,
        audit(),
      ),
    finalize: () =>
      new FinalizeUpload(
        config.submissionsBucket,
        clients.submissionsBucket,
        submissionsRepo(),
        catalog.repository,
        progress.writer,
        options.scanner ?? passThroughScanner,
        directory(),
        notices(),
        new FeedbackFiles(clients.submissionsBucket, submissionsRepo()),
      ),
    expiry: () => new UploadExpiry(submissionsRepo()),
    files: () =>
      new LearnerFiles(
        config,
        submissionsRepo(),
        catalog.access,
        progress.locator,
        signer(),
        audit(),
      ),
    queue: () =>
      new ReviewQueue(submissionsRepo(), catalog.repository, catalog.access, directory()),
    review: () =>
      new ReviewSubmission(
        config,
        submissionsRepo(),
        catalog.repository,
        catalog.access,
        progress.writer,
        signer(),
        directory(),
        notices(),
        audit(),
      ),
  });

  const authenticate = once(() => firebaseAuthenticator(clients.auth));
  const verifyServiceCaller = once((): VerifyServiceCaller =>
    serviceCallerVerifier(new OAuth2Client(), {
      accounts: { 'tasks-invoker': config.tasksInvoker, 'trigger-invoker': config.triggerInvoker },
      functionUrl: (name) => `${config.functionsBaseUrl}/${name}`,
      certs: config.localOidcCerts,
      behindCloudRunIam: config.cloudRunService !== undefined,
    }),
  );
  return {
    config,
    edge: {
      projectId: config.projectId,
      authenticate: (header) => authenticate()(header),
      verifyServiceCaller: (request, identity) => verifyServiceCaller()(request, identity),
    },
    clients,
    get outbox() {
      return outbox();
    },
    get rateLimits() {
      return rateLimits();
    },
    catalog,
    progress,
    submissions,
    users: lazy<Services['users']>({
      roles: () => new UserRoles(clients.auth, clients.firestore),
      directory,
    }),
  };
}

/** Every deployable function is built from the services: one factory per `functions/` file. */
export type FunctionFactory = (services: Services) => FunctionDefinition;

/** The deployed process's services, from its environment (checked at start; bad config stops it). */
export function servicesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Services {
  return createServices(parseConfig(env));
}
