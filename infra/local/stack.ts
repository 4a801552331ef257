/**
 * The local stack on top of the Firebase emulators (Auth, Firestore, Pub/Sub): the functions
 * host with every manifest function, Pub/Sub topics and push subscriptions, and the project's
 * own Cloud Storage and Cloud Tasks emulators, wired from the manifest. `npm start`, the test
 * harness and the benchmarks all start it through here, so what the tests exercise is what a
 * developer runs.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allFunctions } from '../../functions/index';
import { pubsub } from '../../shared/platform/pubsub';
import { manifest } from '../manifest';
import { FunctionsHost } from './host';
import { loadRewrites, repoRoot } from './rewrites';
import { startStorageEmulator, type CorsRule, type StorageEmulator } from './storage-emulator';
import { startTasksEmulator, type TasksEmulator } from './tasks-emulator';

export const LOCAL_PROJECT = 'demo-pathwise';
export const LOCAL_REGION = 'us-central1';

export interface StackOptions {
  /** Functions host port; 0 picks a free port. */
  port: number;
  storagePort?: number;
  tasksPort?: number;
  /** Keep object bytes on disk instead of memory. */
  storageDataDir?: string;
  /** Scales Cloud Tasks retry backoff (tests retry in milliseconds). */
  tasksBackoffScale?: number;
  /** First Eventarc-style redelivery delay of storage events. */
  storageRetryDelayMs?: number;
}

export interface Stack {
  host: FunctionsHost;
  storage: StorageEmulator;
  tasks: TasksEmulator;
  /** Where `/api/v1/…` is served: the same paths as the Hosting origin in the cloud. */
  baseUrl: string;
  stop(): Promise<void>;
}

const requiredEmulators = [
  'FIRESTORE_EMULATOR_HOST',
  'FIREBASE_AUTH_EMULATOR_HOST',
  'PUBSUB_EMULATOR_HOST',
];

export async function startStack(options: StackOptions): Promise<Stack> {
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
  const signer =
    (process.env.PATHWISE_SERVICE_ACCOUNT ??= `pathwise-api@${projectId}.iam.gserviceaccount.com`);

  // The signing identity's key pair: the functions sign URLs with the private half (in the cloud
  // IAM signBlob does), the Storage emulator verifies with the public half.
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.PATHWISE_SIGNING_KEY = keys.privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

  const host = new FunctionsHost({
    projectId,
    region,
    port: options.port,
    functions: allFunctions,
    manifest: manifest.functions,
    rewrites: loadRewrites(path.join(repoRoot(), 'firebase.json')),
  });
  await host.start();

  const cors = JSON.parse(
    readFileSync(path.join(repoRoot(), 'infra', 'cors.json'), 'utf8'),
  ) as CorsRule[];
  const bucketOf = (role: string) =>
    manifest.buckets.find((b) => b.role === role)?.name(projectId) ?? role;
  const storage = await startStorageEmulator({
    port: options.storagePort ?? 0,
    projectId,
    signers: { [signer]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    buckets: manifest.buckets.map((b) => ({ name: b.name(projectId), cors })),
    subscriptions: manifest.functions
      .filter((fn) => fn.kind === 'storage' && fn.bucket && fn.event)
      .map((fn) => ({
        bucket: bucketOf(fn.bucket as string),
        eventType: fn.event as 'finalized' | 'deleted',
        url: host.functionUrl(fn.name),
      })),
    ...(options.storageDataDir ? { dataDir: options.storageDataDir } : {}),
    delivery: { initialDelayMs: options.storageRetryDelayMs ?? 1000 },
  });
  const tasks = await startTasksEmulator({
    port: options.tasksPort ?? 0,
    projectId,
    location: process.env.PATHWISE_TASKS_LOCATION ?? region,
    queues: manifest.queues,
    ...(options.tasksBackoffScale !== undefined ? { backoffScale: options.tasksBackoffScale } : {}),
  });

  // Everything the functions read through getConfig() is in place before its first use.
  process.env.STORAGE_EMULATOR_HOST = storage.url;
  process.env.CLOUD_TASKS_EMULATOR_HOST = tasks.host;
  process.env.PATHWISE_FUNCTIONS_BASE_URL = host.functionsBaseUrl;
  process.env.PATHWISE_SUBMISSIONS_BUCKET ??= bucketOf('submissions');
  await host.wirePubsub(
    pubsub(),
    manifest.topics.map((t) => t.name),
  );

  return {
    host,
    storage,
    tasks,
    baseUrl: host.origin,
    stop: async () => {
      await Promise.all([host.stop(), storage.stop(), tasks.stop()]);
    },
  };
}
