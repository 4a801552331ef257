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
import { accountsServices, type AccountsServices } from './wiring/accounts';
import { analyticsServices, type AnalyticsServices } from './wiring/analytics';
import { catalogServices, type CatalogServices } from './wiring/catalog';
import { certificatesServices, type CertificatesServices } from './wiring/certificates';
import { generationServices, type GenerationServices } from './wiring/generation';
import { emailServices, type EmailServices } from './wiring/email';
import { lazy, once } from './wiring/lazy';
import { learnerServices, type LearnerServices } from './wiring/learner';
import { createPlatform, type Clients } from './wiring/platform';
import { privacyServices, type PrivacyServices } from './wiring/privacy';
import { progressServices, type ProgressServices } from './wiring/progress';
import { submissionsServices, type SubmissionsServices } from './wiring/submissions';

export type { Clients } from './wiring/platform';

export interface Services {
  config: Config;
  edge: Edge;
  clients: Clients;
  outbox: Outbox;
  /** Per-key call limits for expensive or abusable routes. */
  rateLimits: RateLimiter;
  catalog: CatalogServices;
  progress: ProgressServices;
  submissions: SubmissionsServices;
  certificates: CertificatesServices;
  learner: LearnerServices;
  generation: GenerationServices;
  email: EmailServices;
  accounts: AccountsServices;
  privacy: PrivacyServices;
  analytics: AnalyticsServices;
  users: { roles: UserRoles; directory: UserDirectory };
}

export interface ServiceOptions {
  /** The malware scanner finalize runs; none by default (every file passes, and says so). */
  scanner?: MalwareScanner;
}

export function createServices(config: Config, options: ServiceOptions = {}): Services {
  setLogLevel(config.logLevel);
  setFaults(config.faults);
  const platform = createPlatform(config);
  const { clients } = platform;
  const submissionsRepository = once(() => new SubmissionsRepository(clients.firestore));
  const learner = learnerServices(platform, () => catalog.repository);
  const catalog = catalogServices(platform, () => learner.skills);
  const email = emailServices(platform);
  // Seed 001's tutorials show certificates, which read progress: the tutorials get them on use.
  const progress: ProgressServices = progressServices(
    platform,
    catalog,
    submissionsRepository,
    () => certificates.status,
    email,
  );
  const certificates = certificatesServices(
    platform,
    catalog,
    progress,
    submissionsRepository,
    email,
  );
  const submissions = submissionsServices(
    platform,
    catalog,
    progress,
    submissionsRepository,
    email,
    options.scanner,
  );
  const generation = generationServices(platform, catalog);
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
    accounts: accountsServices(platform, email, progress),
    privacy: privacyServices(platform),
    analytics: analyticsServices(platform, (uid) => learner.erasedAccounts.record(uid)),
    users: lazy<Services['users']>({
      roles: () => new UserRoles(clients.auth, clients.firestore),
      directory: () => platform.directory,
    }),
  };
}

/** Every deployable function is built from the services: one factory per `functions/` file. */
export type FunctionFactory = (services: Services) => FunctionDefinition;

/** The deployed process's services, from its environment (checked at start; bad config stops it). */
export function servicesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Services {
  return createServices(parseConfig(env));
}
