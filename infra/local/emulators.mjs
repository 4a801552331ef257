#!/usr/bin/env node
// Runs a command inside the Firebase emulators (auth, firestore, pubsub) on project demo-pathwise:
//
//   node infra/local/emulators.mjs exec -- <command …>
//
// firebase-tools downloads its Firestore and Pub/Sub emulator jars on first use. Where that is
// impossible (no internet) but the Google Cloud CLI's emulator packages are installed, point
// firebase-tools at those instead: the Pub/Sub launcher script as is. The Firestore emulator always
// runs from the Google Cloud CLI's jar, through our launcher (infra/local/firestore-launcher),
// which adds the flag that makes the emulator deliver document events to this script's trigger
// router (infra/local/trigger-router.mjs) and from there to each local stack. The Storage emulator
// (started by the Storage rules tests alone, test/helpers/storage-rules.ts) needs Google's storage
// rules runtime jar: it gets our own runtime instead (infra/local/storage-rules-runtime), built
// with javac on Google's rules engine from the same gcloud jar. This file is plain JavaScript
// because it runs before the TypeScript build.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firestoreLauncher } from './firestore-launcher/build.mjs';
import { storageRulesRuntime } from './storage-rules-runtime/build.mjs';
import { startTriggerRouter } from './trigger-router.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROJECT = 'demo-pathwise';
const cacheDir = path.join(root, '.cache', 'emulators');

function sdkRoots() {
  const roots = [
    process.env.CLOUDSDK_ROOT,
    '/usr/lib/google-cloud-sdk',
    '/usr/share/google-cloud-sdk',
    '/opt/google-cloud-sdk',
  ];
  try {
    const out = execFileSync('gcloud', ['info', '--format=value(installation.sdk_root)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20000,
    }).trim();
    if (out) roots.push(out);
  } catch {
    // no gcloud: only the fixed locations are tried
  }
  return roots.filter(Boolean);
}

function firstExisting(relative) {
  for (const sdk of sdkRoots()) {
    const candidate = path.join(sdk, relative);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function offlineOverrides() {
  const env = {};
  const jar = firstExisting('platform/cloud-firestore-emulator/cloud-firestore-emulator.jar');
  if (!process.env.FIRESTORE_EMULATOR_BINARY_PATH) {
    // Document triggers need the launcher's --functions_emulator flag, so there is no fallback.
    if (!jar) {
      console.error(
        'The Firestore emulator of the Google Cloud CLI is missing: apt-get install google-cloud-cli-firestore-emulator (see DEVELOPERS.md).',
      );
      process.exit(2);
    }
    try {
      env.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncher(jar, cacheDir);
    } catch (error) {
      console.error(
        `Could not build the Firestore launcher jar (a JDK is needed): ${error.message}`,
      );
      process.exit(2);
    }
  }
  if (jar && !process.env.STORAGE_EMULATOR_BINARY_PATH) {
    try {
      env.STORAGE_EMULATOR_BINARY_PATH = storageRulesRuntime(jar, cacheDir);
    } catch (error) {
      console.warn(
        `Could not build the Storage rules runtime (${error.message}); firebase-tools will download its own.`,
      );
    }
  }
  if (!process.env.PUBSUB_EMULATOR_BINARY_PATH) {
    const script = firstExisting('platform/pubsub-emulator/bin/cloud-pubsub-emulator');
    if (script) env.PUBSUB_EMULATOR_BINARY_PATH = script;
  }
  return env;
}

/** Ports the Fetch standard blocks: Node's fetch and every browser refuse to connect to them. */
const FETCH_BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/**
 * `PATHWISE_PORT_OFFSET=N` shifts every emulator port by N, so two checkouts (or a developer's
 * `npm start` and a test run) can run side by side. firebase-tools reads ports only from its
 * config file, so a copy with shifted ports and absolute paths is written under `.cache/`.
 */
function portOffset() {
  const offset = Number(process.env.PATHWISE_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 50000) {
    console.error(
      `PATHWISE_PORT_OFFSET must be a whole number 0..50000, got ${process.env.PATHWISE_PORT_OFFSET}`,
    );
    process.exit(2);
  }
  return offset;
}

/** The trigger router's port: 4420, shifted like the emulators'. */
const TRIGGER_ROUTER_PORT = 4420;

function configArgs(offset) {
  if (offset === 0) return [];
  const config = JSON.parse(readFileSync(path.join(root, 'firebase.json'), 'utf8'));
  for (const emulator of Object.values(config.emulators)) {
    if (emulator && typeof emulator.port === 'number') emulator.port += offset;
  }
  // The Firestore emulator also opens a websocket for its UI, on 9150 unless told otherwise.
  config.emulators.firestore.websocketPort = 9150 + offset;
  const ports = [
    ...Object.values(config.emulators).flatMap((e) => (e && e.port ? [e.port] : [])),
    config.emulators.firestore.websocketPort,
    TRIGGER_ROUTER_PORT + offset,
  ];
  const bad = ports.filter((port) => FETCH_BAD_PORTS.has(port));
  if (bad.length > 0) {
    console.error(
      `PATHWISE_PORT_OFFSET=${offset} puts an emulator on port ${bad.join(', ')}, which browsers and fetch refuse; choose another offset`,
    );
    process.exit(2);
  }
  const absolute = (p) => path.join(root, p);
  config.firestore.rules = absolute(config.firestore.rules);
  config.firestore.indexes = absolute(config.firestore.indexes);
  config.storage.rules = absolute(config.storage.rules);
  config.hosting.public = absolute(config.hosting.public);
  const dir = path.join(root, '.cache');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `firebase.offset-${offset}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return ['--config', file];
}

const [mode, separator, ...command] = process.argv.slice(2);
if (mode !== 'exec' || separator !== '--' || command.length === 0) {
  console.error('usage: node infra/local/emulators.mjs exec -- <command …>');
  process.exit(2);
}

const offset = portOffset();
const routerAddress = `127.0.0.1:${TRIGGER_ROUTER_PORT + offset}`;
const router = await startTriggerRouter(TRIGGER_ROUTER_PORT + offset).catch((error) => {
  console.error(`The Firestore trigger router cannot listen on ${routerAddress}: ${error.message}`);
  process.exit(2);
});
const firebase = path.join(root, 'node_modules', '.bin', 'firebase');
const child = spawn(
  firebase,
  [
    'emulators:exec',
    ...configArgs(offset),
    '--only',
    'auth,firestore,pubsub',
    '--project',
    PROJECT,
    command.join(' '),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...offlineOverrides(),
      // Read by the Firestore launcher (its --functions_emulator) and by each local stack.
      PATHWISE_FIRESTORE_TRIGGERS: routerAddress,
      GCLOUD_PROJECT: PROJECT,
      GOOGLE_CLOUD_PROJECT: PROJECT,
      FUNCTION_REGION: process.env.FUNCTION_REGION ?? 'us-central1',
      NO_UPDATE_NOTIFIER: '1',
      // Nothing local runs on GCE: skip Google clients' metadata-server probe.
      METADATA_SERVER_DETECTION: 'none',
    },
  },
);
// Ctrl-C reaches firebase-tools and the command directly (same process group); firebase-tools
// then stops the emulators, so SIGINT is only waited out here. SIGTERM is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  void router.close().finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
