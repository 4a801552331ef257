import type { Firestore } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import type * as PubSubModule from '@google-cloud/pubsub';
import type { Bucket, Storage } from '@google-cloud/storage';
import { AuditLog } from '../../shared/audit';
import type { IamRequester } from '../../shared/certificates/signers';
import type { Config } from '../../shared/config';
import { authOf, firebaseApp, firestoreOf } from '../../shared/platform/firebase';
import { createIamClient } from '../../shared/platform/iam';
import { Outbox } from '../../shared/platform/outbox';
import { Publisher } from '../../shared/platform/pubsub';
import { RateLimiter } from '../../shared/platform/rate-limit';
import type * as StorageModule from '../../shared/platform/storage';
import { createTasksClient, TaskQueue } from '../../shared/platform/tasks';
import { UserDirectory } from '../../shared/users/directory';
import { deferred, lazy } from './lazy';

export interface Clients {
  firestore: Firestore;
  auth: Auth;
  storage: Storage;
  submissionsBucket: Bucket;
  certificatesBucket: Bucket;
  publisher: Publisher;
  tasks: TaskQueue;
  /** Google APIs over HTTPS with the function's identity (IAM signBlob for credentials). */
  iam: IamRequester;
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

/**
 * The one place clients are built, each on first use. The Pub/Sub and Storage libraries are
 * loaded then too (a few hundred modules each), so a function that never publishes or touches a
 * bucket never loads them; the outbox, on every request path, gets its publisher on first relay.
 */
export function createPlatform(config: Config): Platform {
  const clients: Clients = lazy<Clients>({
    firestore: () => firestoreOf(firebaseApp(config.projectId)),
    auth: () => authOf(firebaseApp(config.projectId)),
    storage: () =>
      (require('../../shared/platform/storage') as typeof StorageModule).createStorage(config),
    submissionsBucket: () => clients.storage.bucket(config.submissionsBucket),
    certificatesBucket: () => clients.storage.bucket(config.certificatesBucket),
    publisher: () => {
      const { PubSub } = require('@google-cloud/pubsub') as typeof PubSubModule;
      return new Publisher(new PubSub({ projectId: config.projectId }));
    },
    tasks: () => new TaskQueue({ client: createTasksClient(config), config }),
    iam: () => createIamClient(),
  });
  const platform: Platform = lazy<Platform>({
    config: () => config,
    clients: () => clients,
    outbox: () =>
      new Outbox(
        clients.firestore,
        deferred(() => clients.publisher),
      ),
    rateLimits: () => new RateLimiter(clients.firestore),
    audit: () => new AuditLog(clients.firestore),
    directory: () => new UserDirectory(clients.auth),
  });
  return platform;
}
