/**
 * Runs the storage emulator as its own process (`node dist/infra/local/storage-emulator/main.js`).
 * Prints `STORAGE_EMULATOR_HOST=<url>` once listening; Ctrl-C or SIGTERM stops it.
 *
 *   --port N                      STORAGE_EMULATOR_PORT        (default 4443; 0 picks a free port)
 *   --host H                      STORAGE_EMULATOR_BIND        (default 127.0.0.1)
 *   --project ID                  GOOGLE_CLOUD_PROJECT         (default demo-pathwise)
 *   --signer EMAIL=PUBLIC.pem     STORAGE_EMULATOR_SIGNERS     (comma-separated; repeatable)
 *   --bucket NAME[=CORS.json]     STORAGE_EMULATOR_BUCKETS     (comma-separated; repeatable)
 *   --subscribe BUCKET:TYPE:URL   STORAGE_EMULATOR_SUBSCRIBE   (TYPE finalized|deleted; repeatable)
 *   --data-dir DIR                STORAGE_EMULATOR_DATA_DIR    (object bytes on disk)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStorageEmulator, type CorsRule, type StorageSubscription } from './index';

function list(flag: string[] | undefined, env: string | undefined): string[] {
  return [...(flag ?? []), ...(env ? env.split(',') : [])].map((s) => s.trim()).filter(Boolean);
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const i = value.indexOf(separator);
  return i < 0 ? [value, undefined] : [value.slice(0, i), value.slice(i + 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      project: { type: 'string' },
      signer: { type: 'string', multiple: true },
      bucket: { type: 'string', multiple: true },
      subscribe: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
    },
  });
  const env = process.env;

  const signers: Record<string, string> = {};
  for (const entry of list(values.signer, env.STORAGE_EMULATOR_SIGNERS)) {
    const [email, file] = splitOnce(entry, '=');
    if (!file) throw new Error(`--signer expects EMAIL=PUBLIC_KEY.pem, got ${entry}`);
    signers[email] = readFileSync(file, 'utf8');
  }
  const buckets = list(values.bucket, env.STORAGE_EMULATOR_BUCKETS).map((entry) => {
    const [name, corsFile] = splitOnce(entry, '=');
    const cors = corsFile ? (JSON.parse(readFileSync(corsFile, 'utf8')) as CorsRule[]) : undefined;
    return { name, ...(cors ? { cors } : {}) };
  });
  const subscriptions = list(values.subscribe, env.STORAGE_EMULATOR_SUBSCRIBE).map(
    (entry): StorageSubscription => {
      const [bucket, rest] = splitOnce(entry, ':');
      const [eventType, url] = splitOnce(rest ?? '', ':');
      if (!url || (eventType !== 'finalized' && eventType !== 'deleted')) {
        throw new Error(`--subscribe expects BUCKET:finalized|deleted:URL, got ${entry}`);
      }
      return { bucket, eventType, url };
    },
  );
  const dataDir = values['data-dir'] ?? env.STORAGE_EMULATOR_DATA_DIR;

  const emulator = await startStorageEmulator({
    port: Number(values.port ?? env.STORAGE_EMULATOR_PORT ?? 4443),
    host: values.host ?? env.STORAGE_EMULATOR_BIND ?? '127.0.0.1',
    projectId: values.project ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? 'demo-pathwise',
    signers,
    buckets,
    subscriptions,
    ...(dataDir ? { dataDir } : {}),
  });
  console.log(`STORAGE_EMULATOR_HOST=${emulator.url}`);
  console.error(
    `[storage-emulator] ${buckets.length} bucket(s), ${Object.keys(signers).length} signer(s), ${subscriptions.length} subscription(s), bytes ${dataDir ? `in ${dataDir}` : 'in memory'}; reset with DELETE ${emulator.url}/_emulator/reset`,
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('[storage-emulator]', err instanceof Error ? err.message : err);
  process.exit(1);
});
