import type { Firestore } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { PubSub } from '@google-cloud/pubsub';
import type { Bucket, Storage } from '@google-cloud/storage';
import { AuditLog } from '../../shared/audit';
import type { Config } from '../../shared/config';
import { authOf, firebaseApp, firestoreOf } from '../../shared/platform/firebase';
import { Outbox } from '../../shared/platform/outbox';
import { Publisher } from '../../shared/platform/pubsub';
import { RateLimiter } from '../../shared/platform/rate-limit';
import { createStorage } from '../../shared/platform/storage';
import { createTasksClient, TaskQueue } from '../../shared/platform/tasks';
import { UserDirectory } from '../../shared/users/directory';
import { lazy } from './lazy';

export interface Clients {
  firestore: Firestore;
  auth: Auth;
  storage: Storage;
  submissionsBucket: Bucket;
  publisher: Publisher;
  tasks: TaskQueue;
}

/** The clients and cross-cutting services every feature's wiring may use. */
export interface Platform {
  config: Config;
  clients: Clients;
  outbox: Outbox;
  /** Per-key call limits for expensive or abusable routes. */
  rateLimits: RateLimiter;
  audit: AuditLog;
  directory: UserDirectory;
}

/** The one place clients are built, each on first use. */
export function createPlatform(config: Config): Platform {
  const clients: Clients = lazy<Clients>({
    firestore: () => firestoreOf(firebaseApp(config.projectId)),
    auth: () => authOf(firebaseApp(config.projectId)),
    storage: () => createStorage(config),
    submissionsBucket: () => clients.storage.bucket(config.submissionsBucket),
    publisher: () => new Publisher(new PubSub({ projectId: config.projectId })),
    tasks: () => new TaskQueue({ client: createTasksClient(config), config }),
  });
  const platform: Platform = lazy<Platform>({
    config: () => config,
    clients: () => clients,
    outbox: () => new Outbox(clients.firestore, clients.publisher),
    rateLimits: () => new RateLimiter(clients.firestore),
    audit: () => new AuditLog(clients.firestore),
    directory: () => new UserDirectory(clients.auth),
  });
  return platform;
}
