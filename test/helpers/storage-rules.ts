import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../infra/local/tcp-gate';

/**
 * firebase-tools' own Storage emulator, which evaluates storage.rules, for the Storage rules
 * tests alone: the rest of the stack keeps the project's Storage emulator (V4 signed URLs).
 * Offline, its rules runtime is ours (infra/local/storage-rules-runtime, built and named in
 * STORAGE_EMULATOR_BINARY_PATH by infra/local/emulators.mjs); with internet, firebase-tools'
 * download.
 */
export const STORAGE_RULES_PROJECT = 'demo-pathwise-storage-rules';

const root = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
const READY = 'All emulators ready';

export interface StorageRulesEmulator {
  host: string;
  port: number;
  /** This run's own hub, which rules-unit-testing asks where the Storage emulator is. */
  hub: { host: string; port: number };
  stop(): Promise<void>;
}

/**
 * Free ports of its own: a fixed one (9199 is also `npm start`'s Storage emulator) would collide
 * with whatever else runs on this machine.
 */
async function ports() {
  return { storage: await freePort(), hub: await freePort(), logging: await freePort() };
}

export async function startStorageRulesEmulator(): Promise<StorageRulesEmulator> {
  const offset = Number(process.env.PATHWISE_PORT_OFFSET ?? 0);
  const port = await ports();
  const config = {
    storage: { rules: path.join(root, 'storage.rules') },
    emulators: {
      storage: { host: HOST, port: port.storage },
      hub: { host: HOST, port: port.hub },
      logging: { host: HOST, port: port.logging },
      ui: { enabled: false },
      singleProjectMode: true,
    },
  };
  const dir = path.join(root, '.cache');
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, `firebase.storage-rules-${offset}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  // The surrounding `emulators:exec` run's hub and hosts belong to that run, not this one.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.endsWith('_EMULATOR_HOST') && name !== 'FIREBASE_EMULATOR_HUB',
    ),
  );
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'firebase'),
    [
      'emulators:start',
      '--only',
      'storage',
      '--project',
      STORAGE_RULES_PROJECT,
      '--config',
      configFile,
    ],
    { cwd: root, env: { ...env, NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** SIGINT: firebase-tools then stops the emulator and its rules runtime itself. */
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  };
  let output = '';
  const read = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  let onReady = () => {};
  let onExit = (_code: number | null) => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Storage emulator not ready after 120 s:\n${output}`)),
        120_000,
      );
      onReady = () => {
        if (!output.includes(READY)) return;
        clearTimeout(timer);
        resolve();
      };
      onExit = (code) => {
        clearTimeout(timer);
        reject(new Error(`Storage emulator exited (${code}) before it was ready:\n${output}`));
      };
      child.stdout.on('data', onReady);
      child.once('exit', onExit);
    });
  } catch (error) {
    await stop();
    throw error;
  } finally {
    child.stdout.off('data', onReady);
    child.off('exit', onExit);
  }
  // Its log from here on is firebase-tools' own (firebase-debug.log); only the pipes are drained.
  child.stdout.off('data', read);
  child.stderr.off('data', read);
  child.stdout.resume();
  child.stderr.resume();
  return { host: HOST, port: port.storage, hub: { host: HOST, port: port.hub }, stop };
}
