/**
 * The local stack on top of the Firebase emulators: the functions host with every manifest
 * function, Pub/Sub topics and push subscriptions. `npm start` and the test harness both start
 * it through here, so what the tests exercise is what a developer runs.
 */
import path from 'node:path';
import { allFunctions } from '../../functions/index';
import { pubsub } from '../../shared/platform/pubsub';
import { manifest } from '../manifest';
import { FunctionsHost } from './host';
import { loadRewrites, repoRoot } from './rewrites';

export const LOCAL_PROJECT = 'demo-pathwise';
export const LOCAL_REGION = 'us-central1';

export interface StackOptions {
  /** 0 picks a free port. */
  port: number;
}

export interface Stack {
  host: FunctionsHost;
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
  process.env.GCLOUD_PROJECT ??= LOCAL_PROJECT;
  process.env.GOOGLE_CLOUD_PROJECT ??= process.env.GCLOUD_PROJECT;
  process.env.FUNCTION_REGION ??= LOCAL_REGION;

  const host = new FunctionsHost({
    projectId: process.env.GOOGLE_CLOUD_PROJECT,
    region: process.env.FUNCTION_REGION,
    port: options.port,
    functions: allFunctions,
    manifest: manifest.functions,
    rewrites: loadRewrites(path.join(repoRoot(), 'firebase.json')),
  });
  await host.start();
  process.env.PATHWISE_FUNCTIONS_BASE_URL = host.functionsBaseUrl;
  await host.wirePubsub(
    pubsub(),
    manifest.topics.map((t) => t.name),
  );

  return {
    host,
    baseUrl: host.origin,
    stop: () => host.stop(),
  };
}
