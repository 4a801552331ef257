// Over 300 lines: one composition of every local emulator, delivery and restart, read top to bottom.
/**
 * The local stack on top of the Firebase emulators (Auth, Firestore, Pub/Sub): the functions
 * host with every manifest function, Eventarc-style Pub/Sub and Firestore delivery to the event
 * functions, and
 * the project's own Cloud Storage and Cloud Tasks emulators, wired from the manifest. One OIDC
 * signer stands in for Google: Cloud Tasks, the Storage events and the Pub/Sub delivery present
 * its tokens, and the functions verify them against its keys, so caller checks run locally as
 * they do deployed. `npm start`, the test harness and the benchmarks all start it through here,
 * so what the tests exercise is what a developer runs.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../../functions/definitions';
import { registerFunctions } from '../../functions/register';
import {
  createServices,
  loadEveryFeature,
  type ServiceOptions,
  type Services,
} from '../../functions/services';
import { parseConfig } from '../../shared/config';
import { MAIL_COLLECTION } from '../../shared/email/model';
import { bucketName, serviceAccountEmail, type BucketRole } from '../../shared/triggers';
import { manifest, type ManifestFunction } from '../manifest';
import { FirestoreDelivery, type DocumentWatcher } from './firestore-delivery';
import { FunctionsHost } from './host';
import { hostingPublicDir, hostingSite, localInitJson } from './hosting-site';
import { startMailSink, type MailSink } from './mail-sink';
import { FirestoreMailDeliverer } from './mail-sink/firestore';
import { MailSender } from './mail-sink/sender';
import { createOidcSigner, type OidcSigner } from './oidc';
import { PubsubDelivery } from './pubsub-delivery';
import { PubsubEmulatorProcess } from './pubsub-emulator';
import { freePort, TcpGate } from './tcp-gate';
import { loadRewrites, repoRoot } from './rewrites';
import {
  startStorageEmulator,
  type CorsRule,
  type StorageEmulator,
  type StorageEmulatorOptions,
} from './storage-emulator';
import { startStorageEmulatorProcess } from './storage-emulator/child-process';
import {
  startTasksEmulator,
  type TasksEmulator,
  type TasksEmulatorOptions,
} from './tasks-emulator';

export const LOCAL_PROJECT = 'demo-pathwise';
export const LOCAL_REGION = 'us-central1';

export interface StackOptions {
  /** Functions host port; 0 picks a free port. */
  port: number;
  storagePort?: number;
  tasksPort?: number;
  /** Keep object bytes on disk instead of memory. */
  storageDataDir?: string;
  /**
   * Where the Storage emulator runs: in this process (default), or in a child process of its own
   * (`storage-emulator/child-process.ts`), so its work on upload bodies leaves this event loop.
   */
  storageProcess?: 'same' | 'child';
  /** Scales Cloud Tasks retry backoff (tests retry in milliseconds). */
  tasksBackoffScale?: number;
  /** First Eventarc-style redelivery delay of storage events. */
  storageRetryDelayMs?: number;
  /** First redelivery delay of a Pub/Sub message a function refused. */
  pubsubRetryDelayMs?: number;
  /**
   * PKCS#8 private key of the stack's OIDC signer; a fresh key when absent. A test harness that
   * signs tokens of its own with the same key passes one.
   */
  oidcSigningKey?: string;
  /** Passed to the services the functions run on (e.g. a malware scanner). */
  services?: ServiceOptions;
  /** The local mail sink's web page port; 0 (default) picks a free port. */
  mailPort?: number;
  /**
   * Keep the Storage and Tasks emulators' state in this directory (`storage/`, `tasks/`), so
   * `restart` can stop and start either without losing objects, events or tasks.
   */
  stateDir?: string;
  /**
   * Run a Pub/Sub emulator of the stack's own, reached on this port (0 picks one) through a gate
   * (`tcp-gate.ts`), instead of firebase-tools' one, so `restart('pubsub')` can kill it and start
   * it again while the functions keep running.
   */
  pubsubPort?: number;
  /** Run on every write of their documents, besides the mail deliverer (a benchmark's ledger). */
  watchers?: readonly DocumentWatcher[];
}

export type RestartableEmulator = 'pubsub' | 'storage' | 'tasks';

export interface Stack {
  host: FunctionsHost;
  storage: StorageEmulator;
  tasks: TasksEmulator;
  pubsub: PubsubDelivery;
  /** Firestore document triggers (the outbox relay). */
  firestore: FirestoreDelivery;
  /** Stands in for Google's token service: every internal caller's token comes from it. */
  oidc: OidcSigner;
  /**
   * Where `mail/` documents are delivered, as the Trigger Email extension would: an SMTP sink
   * that shows what arrived (`mail.sink.url`), fed by a deliverer with the extension's lease and
   * state machine.
   */
  mail: { sink: MailSink; deliverer: FirestoreMailDeliverer };
  /** The services every function of the stack runs on, configured for the emulators. */
  services: Services;
  /** Where `/api/v1/…` is served: the same paths as the Hosting origin in the cloud. */
  baseUrl: string;
  /**
   * Stops one emulator and starts it again on the same port, `downMs` later, while the functions
   * host keeps running: Storage and Tasks resume from the stack's `stateDir`; Pub/Sub (the
   * stack's own, see `pubsubPort`) is killed as in a crash, comes back empty, and gets its
   * topics and the delivery subscriptions again.
   */
  restart(emulator: RestartableEmulator, options?: { downMs?: number }): Promise<void>;
  /** Restarts made so far, per emulator. */
  readonly restarts: Readonly<Record<RestartableEmulator, number>>;
  stop(): Promise<void>;
}

const requiredEmulators = [
  'FIRESTORE_EMULATOR_HOST',
  'FIREBASE_AUTH_EMULATOR_HOST',
  'PUBSUB_EMULATOR_HOST',
  // The trigger router of infra/local/emulators.mjs, which the Firestore emulator posts to.
  'PATHWISE_FIRESTORE_TRIGGERS',
];

/** Where Firestore triggers are registered, and where the emulator sends their events. */
function firestoreTriggerHosts(): { emulatorHost: string; routerHost: string } {
  return {
    emulatorHost: process.env.FIRESTORE_EMULATOR_HOST as string,
    routerHost: process.env.PATHWISE_FIRESTORE_TRIGGERS as string,
  };
}

function pkcs8Pem(keys: { privateKey: KeyObject }): string {
  return keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export async function startStack(options: StackOptions): Promise<Stack> {
  // The emulator listens on a port of its own; the functions reach it through a gate on
  // `pubsubPort` that a restart keeps shut until topics and subscriptions are back.
  const ownPubsub =
    options.pubsubPort !== undefined ? new PubsubEmulatorProcess(await freePort()) : undefined;
  let gate: TcpGate | undefined;
  if (ownPubsub) {
    await ownPubsub.start();
    gate = await TcpGate.start(options.pubsubPort ?? 0, ownPubsub);
    process.env.PUBSUB_EMULATOR_HOST = `127.0.0.1:${gate.port}`;
  }
  const missing = requiredEmulators.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    // Never let a local stack talk to a real project by accident.
    throw new Error(
      `The local stack runs only against the emulators; missing ${missing.join(', ')}`,
    );
  }
  const projectId = (process.env.GOOGLE_CLOUD_PROJECT ??=
    process.env.GCLOUD_PROJECT ?? LOCAL_PROJECT);
  process.env.GCLOUD_PROJECT ??= projectId;
  const region = (process.env.FUNCTION_REGION ??= LOCAL_REGION);
  const signer = (process.env.PATHWISE_SERVICE_ACCOUNT ??= serviceAccountEmail('api', projectId));

  // The signing identity's key pair: the functions sign URLs with the private half (in the cloud
  // IAM signBlob does), the Storage emulator verifies with the public half.
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.PATHWISE_SIGNING_KEY = pkcs8Pem(keys);

  // The host listens first: its address is part of the configuration (task targets).
  const host = new FunctionsHost({
    projectId,
    region,
    port: options.port,
    rewrites: loadRewrites(path.join(repoRoot(), 'firebase.json')),
  });
  await host.start();

  // Google's token service, locally: one key pair whose public half the functions trust.
  // A Storage emulator in a child process signs its events' tokens itself, with the same key.
  const oidcKey =
    options.storageProcess === 'child'
      ? (options.oidcSigningKey ?? pkcs8Pem(generateKeyPairSync('rsa', { modulusLength: 2048 })))
      : options.oidcSigningKey;
  const oidc = await createOidcSigner(oidcKey);
  process.env.PATHWISE_LOCAL_OIDC_CERTS = JSON.stringify(oidc.pemCerts);
  const triggerInvoker = (process.env.PATHWISE_TRIGGER_INVOKER ??= serviceAccountEmail(
    'trigger-invoker',
    projectId,
  ));
  const tokens = (email: string, audience: string) => oidc.sign(email, audience);

  const cors = JSON.parse(
    readFileSync(path.join(repoRoot(), 'infra', 'cors.json'), 'utf8'),
  ) as CorsRule[];
  const bucketOf = (role: BucketRole) => bucketName(role, projectId);
  const storageOptions: StorageEmulatorOptions = {
    port: options.storagePort ?? 0,
    projectId,
    signers: { [signer]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    buckets: manifest.buckets.map((b) => ({ name: b.name(projectId), cors })),
    subscriptions: manifest.functions
      .filter((fn) => fn.kind === 'storage' && fn.bucket && fn.event)
      .map((fn) => ({
        bucket: bucketOf(fn.bucket as BucketRole),
        eventType: fn.event as 'finalized' | 'deleted',
        url: host.functionUrl(fn.name),
        oidcToken: { serviceAccountEmail: triggerInvoker },
      })),
    ...(options.storageDataDir ? { dataDir: options.storageDataDir } : {}),
    ...(options.stateDir ? { stateDir: path.join(options.stateDir, 'storage') } : {}),
    delivery: { initialDelayMs: options.storageRetryDelayMs ?? 1000, tokens },
  };
  const startStorage = (opts: StorageEmulatorOptions) =>
    options.storageProcess === 'child' && oidcKey
      ? startStorageEmulatorProcess(
          { ...opts, delivery: { initialDelayMs: opts.delivery?.initialDelayMs ?? 1000 } },
          oidcKey,
        )
      : startStorageEmulator(opts);
  let storage = await startStorage(storageOptions);
  const tasksOptions: TasksEmulatorOptions = {
    port: options.tasksPort ?? 0,
    projectId,
    location: process.env.PATHWISE_TASKS_LOCATION ?? region,
    queues: manifest.queues,
    signer: oidc,
    ...(options.tasksBackoffScale !== undefined ? { backoffScale: options.tasksBackoffScale } : {}),
    ...(options.stateDir ? { stateDir: path.join(options.stateDir, 'tasks') } : {}),
  };
  let tasks = await startTasksEmulator(tasksOptions);

  // The configuration the functions run with: the environment plus the emulators just started.
  // It is also left in the environment, for clients a test process builds for itself.
  process.env.STORAGE_EMULATOR_HOST = storage.url;
  process.env.CLOUD_TASKS_EMULATOR_HOST = tasks.host;
  process.env.PATHWISE_FUNCTIONS_BASE_URL = host.functionsBaseUrl;
  // The public origin: certificates print `{origin}/verify/{id}`, which the host serves through
  // the same Hosting rewrite as in the cloud, and mail links point at it.
  process.env.PATHWISE_PUBLIC_URL = host.origin;
  process.env.PATHWISE_SUBMISSIONS_BUCKET ??= bucketOf('submissions');
  // Unsubscribe tokens are signed with a key of this run.
  process.env.PATHWISE_EMAIL_SUPPORT_ADDRESS ??= 'support@pathwise.localhost';
  process.env.PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO ??= 'unsubscribe@pathwise.localhost';
  process.env.PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS ??= randomBytes(32).toString('base64url');
  // Deleted accounts' pseudonyms are keyed with a secret of this run.
  process.env.PATHWISE_PSEUDONYM_SECRET ??= randomBytes(32).toString('base64url');
  // The Auth emulator takes any Web API key.
  process.env.PATHWISE_FIREBASE_API_KEY ??= 'local-emulator-key';
  const services = createServices(parseConfig(process.env), options.services);
  loadEveryFeature(services);
  const functions = buildFunctions(services);
  registerFunctions(functions);
  host.serve(functions);
  // The web console and its Firebase configuration, at `/` like the Hosting site.
  host.serveSite(
    hostingSite({
      publicDir: hostingPublicDir(path.join(repoRoot(), 'firebase.json')),
      initJson: () => localInitJson(process.env, host.origin),
    }),
  );
  const pubsubClient = services.clients.publisher.client;
  const createTopics = async (client = pubsubClient) => {
    for (const topic of manifest.topics) {
      const [exists] = await client.topic(topic.name).exists();
      if (!exists) await client.createTopic(topic.name);
    }
  };
  await createTopics();
  // What Eventarc knows of each event function: where it is, whether to retry, how long to wait.
  const eventTarget = (fn: ManifestFunction) => ({
    functionName: fn.name,
    url: host.functionUrl(fn.name),
    retry: fn.retry === true,
    timeoutMs: fn.timeoutSeconds * 1000,
  });
  const retryDelay =
    options.pubsubRetryDelayMs !== undefined ? { initialDelayMs: options.pubsubRetryDelayMs } : {};
  const pubsub = await PubsubDelivery.start({
    pubsub: pubsubClient,
    projectId,
    serviceAccountEmail: triggerInvoker,
    tokens,
    targets: manifest.functions
      .filter((fn) => fn.kind === 'pubsub' && fn.topic)
      .map((fn) => ({ ...eventTarget(fn), topic: fn.topic as string })),
    ...retryDelay,
  });

  const sink = await startMailSink({ httpPort: options.mailPort ?? 0 });
  const sender = MailSender.smtp(sink.smtp, { from: 'Pathwise <noreply@pathwise.localhost>' });
  const deliverer = new FirestoreMailDeliverer(services.clients.firestore, sender);

  const firestore = await FirestoreDelivery.start({
    firestore: services.clients.firestore,
    ...firestoreTriggerHosts(),
    projectId,
    serviceAccountEmail: triggerInvoker,
    tokens,
    targets: manifest.functions
      .filter((fn) => fn.kind === 'firestore' && fn.document)
      .map((fn) => ({ ...eventTarget(fn), pattern: fn.document as string })),
    // The Trigger Email extension's trigger: every write to a mail document.
    watchers: [
      {
        id: 'ext-firestore-send-email',
        pattern: `${MAIL_COLLECTION}/{id}`,
        written: (document) =>
          deliverer.written(document.id, (id, error) =>
            console.error(`Local mail delivery of ${id} failed:`, error),
          ),
      },
      ...(options.watchers ?? []),
    ],
    ...retryDelay,
  });

  const restarts: Record<RestartableEmulator, number> = { pubsub: 0, storage: 0, tasks: 0 };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const restart = async (emulator: RestartableEmulator, { downMs = 0 } = {}) => {
    if (emulator === 'pubsub') {
      if (!ownPubsub || !gate)
        throw new Error('Only a stack started with pubsubPort can restart Pub/Sub');
      gate.shut();
      await ownPubsub.kill();
      await pause(downMs);
      await ownPubsub.start();
      const direct = new PubSub({ projectId, apiEndpoint: ownPubsub.address });
      try {
        await createTopics(direct);
        await pubsub.createSubscriptions(direct);
      } finally {
        await direct.close();
      }
      // The delivery leaves its old client before the gate opens: that client's pulls must not
      // take messages from the new emulator, which it could not answer.
      await pubsub.reconnect();
      gate.open();
    } else {
      if (!options.stateDir) throw new Error(`Restarting ${emulator} needs the stack's stateDir`);
      if (emulator === 'storage') {
        await storage.stop();
        await pause(downMs);
        storage = await startStorage({ ...storageOptions, port: storage.port });
      } else {
        await tasks.stop();
        await pause(downMs);
        tasks = await startTasksEmulator({ ...tasksOptions, port: tasks.port });
      }
    }
    restarts[emulator] += 1;
  };

  return {
    host,
    get storage() {
      return storage;
    },
    get tasks() {
      return tasks;
    },
    pubsub,
    firestore,
    oidc,
    services,
    baseUrl: host.origin,
    mail: { sink, deliverer },
    restart,
    restarts,
    stop: async () => {
      await firestore.stop();
      await deliverer.idle();
      sender.close();
      await sink.stop();
      await pubsub.stop();
      await Promise.all([host.stop(), storage.stop(), tasks.stop()]);
      await gate?.stop();
      await ownPubsub?.kill();
    },
  };
}
