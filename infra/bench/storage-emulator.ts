/**
 * Storage emulator benchmark (`npm run bench:storage`, after the build). Each memory case runs a
 * fresh emulator process (dist/infra/local/storage-emulator/main.js) and reads its peak resident
 * memory (VmHWM) from /proc after one signed-URL PUT; then 200 sequential uploads measure how
 * long a finalized CloudEvent takes to reach a Functions Framework function. Figures only, no
 * pass/fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Storage } from '@google-cloud/storage';
import { storageSigningWith } from '../../shared/platform/storage';
import { runMain } from '../cli';

const PROJECT = 'demo-pathwise';
const EMAIL = 'bench-signer@demo-pathwise.iam.gserviceaccount.com';
const BUCKET = 'demo-pathwise-bench';
const MAIN = path.join(__dirname, '..', 'local', 'storage-emulator', 'main.js');
const MB = 1024 * 1024;
const LATENCY_UPLOADS = 200;

interface Emulator {
  child: ChildProcess;
  url: string;
}

async function spawnEmulator(args: string[]): Promise<Emulator> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.resume();
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /STORAGE_EMULATOR_HOST=(\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, url };
}

async function stopEmulator(emulator: Emulator): Promise<void> {
  if (emulator.child.exitCode !== null) return;
  const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
  emulator.child.kill('SIGTERM');
  await exited;
}

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : NaN;
}

function storageFor(url: string, privateKey: string): Storage {
  process.env.STORAGE_EMULATOR_HOST = url;
  return storageSigningWith(PROJECT, EMAIL, privateKey);
}

async function signedPut(storage: Storage, name: string): Promise<string> {
  const [url] = await storage
    .bucket(BUCKET)
    .file(name)
    .getSignedUrl({
      version: 'v4',
      action: 'write',
      contentType: 'application/octet-stream',
      expires: Date.now() + 15 * 60_000,
    });
  return url;
}

async function* pattern(size: number, chunk = MB): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += chunk) {
    const n = Math.min(chunk, size - offset);
    yield new Uint8Array(Buffer.alloc(n, offset / chunk));
  }
}

async function putStream(url: string, size: number): Promise<number> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: ReadableStream.from(pattern(size)),
    duplex: 'half',
  } as RequestInit);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`upload answered ${res.status}`);
  return res.status;
}

interface MemoryRow {
  storage: string;
  size: string;
  baselineMb: number;
  peakMb: number;
  seconds: number;
}

async function memoryCase(
  mode: 'memory' | 'disk',
  size: number,
  keys: { publicFile: string; privatePem: string },
): Promise<MemoryRow> {
  const dataDir = mode === 'disk' ? await mkdtemp(path.join(tmpdir(), 'gcs-bench-')) : undefined;
  const emulator = await spawnEmulator([
    '--signer',
    `${EMAIL}=${keys.publicFile}`,
    '--bucket',
    BUCKET,
    ...(dataDir ? ['--data-dir', dataDir] : []),
  ]);
  try {
    const pid = emulator.child.pid as number;
    const storage = storageFor(emulator.url, keys.privatePem);
    const url = await signedPut(storage, `bench/${size}.bin`);
    const baseline = procStatusKb(pid, 'VmRSS');
    const start = performance.now();
    await putStream(url, size);
    const seconds = (performance.now() - start) / 1000;
    const [metadata] = await storage.bucket(BUCKET).file(`bench/${size}.bin`).getMetadata();
    if (metadata.size !== String(size))
      throw new Error(`stored ${metadata.size} bytes, expected ${size}`);
    return {
      storage: mode === 'disk' ? 'dataDir' : 'in-memory',
      size: `${size / MB} MB`,
      baselineMb: baseline / 1024,
      peakMb: procStatusKb(pid, 'VmHWM') / 1024,
      seconds,
    };
  } finally {
    await stopEmulator(emulator);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

async function latencyCase(keys: { publicFile: string; privatePem: string }) {
  const waiting = new Map<string, (receivedAt: number) => void>();
  cloudEvent('benchFinalized', (event: CloudEvent<{ name?: string }>) => {
    const name = event.data?.name;
    const resolve = name ? waiting.get(name) : undefined;
    resolve?.(performance.now());
  });
  const server = getTestServer('benchFinalized');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const emulator = await spawnEmulator([
    '--signer',
    `${EMAIL}=${keys.publicFile}`,
    '--bucket',
    BUCKET,
    '--subscribe',
    `${BUCKET}:finalized:${sinkUrl}`,
  ]);
  const endToEnd: number[] = [];
  const afterResponse: number[] = [];
  try {
    const storage = storageFor(emulator.url, keys.privatePem);
    const body = Buffer.alloc(1024, 7);
    for (let i = 0; i < LATENCY_UPLOADS; i++) {
      const name = `latency/${i}.bin`;
      const url = await signedPut(storage, name);
      const delivered = new Promise<number>((resolve) => waiting.set(name, resolve));
      const start = performance.now();
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body,
      });
      await res.arrayBuffer();
      const responded = performance.now();
      const receivedAt = await delivered;
      waiting.delete(name);
      endToEnd.push(receivedAt - start);
      afterResponse.push(receivedAt - responded);
    }
  } finally {
    await stopEmulator(emulator);
    await new Promise((resolve) => server.close(resolve));
  }
  endToEnd.sort((a, b) => a - b);
  afterResponse.sort((a, b) => a - b);
  return {
    endToEnd: {
      p50: percentile(endToEnd, 50),
      p95: percentile(endToEnd, 95),
      max: endToEnd.at(-1) as number,
    },
    afterResponse: {
      p50: percentile(afterResponse, 50),
      p95: percentile(afterResponse, 95),
      max: afterResponse.at(-1) as number,
    },
  };
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'gcs-bench-keys-'));
  try {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicFile = path.join(work, 'signer.pem');
    await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const keys = {
      publicFile,
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };

    const rows: MemoryRow[] = [];
    for (const mode of ['memory', 'disk'] as const) {
      for (const size of [1 * MB, 100 * MB]) rows.push(await memoryCase(mode, size, keys));
    }
    // A larger on-disk upload shows that the dataDir peak does not grow with object size.
    rows.push(await memoryCase('disk', 500 * MB, keys));
    console.log(
      '\nStorage emulator: peak memory of the emulator process during one signed-URL PUT',
    );
    console.log('(fresh process per case; VmRSS before the upload, VmHWM after it)\n');
    console.log(
      table(
        ['storage', 'upload', 'RSS before (MB)', 'peak VmHWM (MB)', 'upload time (s)', 'MB/s'],
        rows.map((r) => [
          r.storage,
          r.size,
          r.baselineMb.toFixed(1),
          r.peakMb.toFixed(1),
          r.seconds.toFixed(2),
          (Number.parseFloat(r.size) / r.seconds).toFixed(0),
        ]),
      ),
    );

    const latency = await latencyCase(keys);
    console.log(
      `\nFinalize-to-function delivery over ${LATENCY_UPLOADS} sequential 1 KB signed-URL uploads (milliseconds)\n`,
    );
    console.log(
      table(
        ['measure', 'p50', 'p95', 'max'],
        [
          [
            'PUT sent -> function invoked',
            ...Object.values(latency.endToEnd).map((v) => v.toFixed(2)),
          ],
          [
            'PUT answered -> function invoked',
            ...Object.values(latency.afterResponse).map((v) => v.toFixed(2)),
          ],
        ],
      ),
    );
    console.log(
      '\nThe event is published when the object is committed, just before the PUT is answered, so the\nsecond row can be near zero or negative; the first row bounds finalize-to-delivery from above.\n',
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
