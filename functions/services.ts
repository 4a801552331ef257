/**
 * The composition root: builds every client and use case once, from the configuration, and hands
 * them to the functions. Nothing else in `shared/` or `functions/` creates a client or reads the
 * environment. Everything is built on first use, so a function pays only for what it touches.
 * Each feature's wiring lives in `wiring/<feature>.ts`; this module puts them together.
 */
import { OAuth2Client } from 'google-auth-library';
import { firebaseAuthenticator } from '../shared/auth';
import { parseConfig, type Config } from '../shared/config';
import type { Edge } from '../shared/http/edge';
import { setLogLevel } from '../shared/log';
import { setFaults } from '../shared/platform/faults';
import type { Outbox } from '../shared/platform/outbox';
import type { FunctionDefinition } from '../shared/platform/functions';
import type { RateLimiter } from '../shared/platform/rate-limit';
import { serviceCallerVerifier, type VerifyServiceCaller } from '../shared/service-auth';
import type { MalwareScanner } from '../shared/submissions/scanner';
import { SubmissionsRepository } from '../shared/submissions/repository';
import type { UserDirectory } from '../shared/users/directory';
import { UserRoles } from '../shared/users/roles';
import type * as AccountsWiring from './wiring/accounts';
import type * as AnalyticsWiring from './wiring/analytics';
import type * as CatalogWiring from './wiring/catalog';
import type * as CertificatesWiring from './wiring/certificates';
import type * as EmailWiring from './wiring/email';
import type * as GenerationWiring from './wiring/generation';
import { deferred, lazy, once } from './wiring/lazy';
import type * as LearnerWiring from './wiring/learner';
import type * as MediaWiring from './wiring/media';
import { createPlatform, type Clients } from './wiring/platform';
import type * as PrivacyWiring from './wiring/privacy';
import type * as ProgressWiring from './wiring/progress';
import type * as SubmissionsWiring from './wiring/submissions';

export type { Clients } from './wiring/platform';

export interface Services {
  config: Config;
  edge: Edge;
  clients: Clients;
  outbox: Outbox;
  /** Per-key call limits for expensive or abusable routes. */
  rateLimits: RateLimiter;
  catalog: CatalogWiring.CatalogServices;
  progress: ProgressWiring.ProgressServices;
  submissions: SubmissionsWiring.SubmissionsServices;
  certificates: CertificatesWiring.CertificatesServices;
  learner: LearnerWiring.LearnerServices;
  generation: GenerationWiring.GenerationServices;
  email: EmailWiring.EmailServices;
  accounts: AccountsWiring.AccountsServices;
  privacy: PrivacyWiring.PrivacyServices;
  media: MediaWiring.MediaServices;
  analytics: AnalyticsWiring.AnalyticsServices;
  users: { roles: UserRoles; directory: UserDirectory };
}

export interface ServiceOptions {
  /** The malware scanner the submission and media finalizes run; none by default (every file passes, and says so). */
  scanner?: MalwareScanner;
}

export function createServices(config: Config, options: ServiceOptions = {}): Services {
  setLogLevel(config.logLevel);
  setFaults(config.faults);
  const platform = createPlatform(config);
  const { clients } = platform;
  const submissionsRepository = once(() => new SubmissionsRepository(clients.firestore));
  // Each feature's wiring module (and with it the feature's modules and libraries) is loaded
  // when a function first touches the feature: a deployed function loads only what it uses.
  // Features reach each other through these proxies, so none is loaded before it is used.
  const learner: LearnerWiring.LearnerServices = deferred(() =>
    (require('./wiring/learner') as typeof LearnerWiring).learnerServices(
      platform,
      () => catalog.repository,
    ),
  );
  const catalog: CatalogWiring.CatalogServices = deferred(() =>
    (require('./wiring/catalog') as typeof CatalogWiring).catalogServices(
      platform,
      () => learner.skills,
      () => media.library,
    ),
  );
  const media: MediaWiring.MediaServices = deferred(() =>
    (require('./wiring/media') as typeof MediaWiring).mediaServices(
      platform,
      catalog,
      options.scanner,
    ),
  );
  const email = deferred(() =>
    (require('./wiring/email') as typeof EmailWiring).emailServices(platform),
  );
  // Seed 001's tutorials show certificates, which read progress: the tutorials get them on use.
  const progress: ProgressWiring.ProgressServices = deferred(() =>
    (require('./wiring/progress') as typeof ProgressWiring).progressServices(
      platform,
      catalog,
      submissionsRepository,
      () => certificates.status,
      email,
    ),
  );
  const certificates = deferred(() =>
    (require('./wiring/certificates') as typeof CertificatesWiring).certificatesServices(
      platform,
      catalog,
      progress,
      submissionsRepository,
      email,
    ),
  );
  const submissions = deferred(() =>
    (require('./wiring/submissions') as typeof SubmissionsWiring).submissionsServices(
      platform,
      catalog,
      progress,
      submissionsRepository,
      email,
      options.scanner,
    ),
  );
  const generation = deferred(() =>
    (require('./wiring/generation') as typeof GenerationWiring).generationServices(
      platform,
      catalog,
    ),
  );
  const authenticate = once(() => firebaseAuthenticator(clients.auth));
  const verifyServiceCaller = once((): VerifyServiceCaller =>
    serviceCallerVerifier(new OAuth2Client(), {
      accounts: { 'tasks-invoker': config.tasksInvoker, 'trigger-invoker': config.triggerInvoker },
      functionUrl: (name) =>
        (config.taskTargetUrls as Readonly<Record<string, string>>)[name] ??
        `${config.functionsBaseUrl}/${name}`,
      certs: config.localOidcCerts,
      behindCloudRunIam: config.cloudRunService !== undefined,
    }),
  );
  return {
    config,
    edge: {
      projectId: config.projectId,
      trustedProxyHops: config.trustedProxyHops,
      authenticate: (header) => authenticate()(header),
      verifyServiceCaller: (request, identity) => verifyServiceCaller()(request, identity),
    },
    clients,
    get outbox() {
      return platform.outbox;
    },
    get rateLimits() {
      return platform.rateLimits;
    },
    catalog,
    progress,
    submissions,
    certificates,
    learner,
    generation,
    email,
    accounts: deferred(() =>
      (require('./wiring/accounts') as typeof AccountsWiring).accountsServices(
        platform,
        email,
        progress,
      ),
    ),
    privacy: deferred(() =>
      (require('./wiring/privacy') as typeof PrivacyWiring).privacyServices(platform),
    ),
    media,
    analytics: deferred(() =>
      (require('./wiring/analytics') as typeof AnalyticsWiring).analyticsServices(
        platform,
        (uid) => learner.erasedAccounts.record(uid),
        () => catalog.repository,
      ),
    ),
    users: lazy<Services['users']>({
      roles: () => new UserRoles(clients.auth, clients.firestore),
      directory: () => platform.directory,
    }),
  };
}

/**
 * Loads every feature now, for a process that serves every function (the local stack): lazy
 * loading buys it nothing, and a module loader present at its start may be gone by the first
 * request (jest's global setup compiles TypeScript only while it runs).
 */
export function loadEveryFeature(services: Services): void {
  for (const value of Object.values(services)) {
    if (typeof value === 'object' && value !== null) Reflect.ownKeys(value);
  }
  void services.clients.storage;
}

/** Every deployable function is built from the services: one factory per `functions/` file. */
export type FunctionFactory = (services: Services) => FunctionDefinition;

/** The deployed process's services, from its environment (checked at start; bad config stops it). */
export function servicesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Services {
  return createServices(parseConfig(env));
}
