/**
 * The Storage emulator on a state directory, stopped and started again on the same port: it
 * serves the same objects and metadata, makes the finalize deliveries the stop cut off (same
 * event id), continues a resumable upload from the bytes it had, and drops the bytes of a
 * single-request upload that was still streaming.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Storage } from '@google-cloud/storage';
import { startStorageEmulator, type StorageEmulator } from '../../infra/local/storage-emulator';
import { storageEmulatorHost, storageSigningAs } from '../helpers/signing-storage';
import { until } from '../helpers/wait';

const PROJECT = 'demo-pathwise';
const EMAIL = 'uploads-signer@demo-pathwise.iam.gserviceaccount.com';
const BUCKET = 'demo-pathwise-restart';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The finalize handler: answers after `delayMs`; counts answered deliveries per event id. */
const sink = {
  delayMs: 0,
  received: [] as { id: string; subject: string }[],
  answered: new Map<string, number>(),
};

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let server: Server;
let sinkUrl: string;
let stateDir: string;
let port: number;
let emulator: StorageEmulator;
let storage: Storage;
const emulatorHost = storageEmulatorHost();

const start = (on: number) =>
  startStorageEmulator({
    port: on,
    projectId: PROJECT,
    signers: { [EMAIL]: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    buckets: [{ name: BUCKET }],
    subscriptions: [{ bucket: BUCKET, eventType: 'finalized', url: sinkUrl }],
    delivery: { initialDelayMs: 20, maxAttempts: 5, timeoutMs: 5000 },
    stateDir,
  });

async function restart(): Promise<void> {
  await emulator.stop();
  emulator = await start(port);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const id = String(req.headers['ce-id']);
    sink.received.push({ id, subject: String(req.headers['ce-subject']) });
    req.resume();
    setTimeout(() => {
      if (res.destroyed) return;
      sink.answered.set(id, (sink.answered.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    }, sink.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  stateDir = mkdtempSync(path.join(tmpdir(), 'storage-restart-'));
  emulator = await start(0);
  port = emulator.port;
  emulatorHost.set(emulator.url);
  storage = storageSigningAs(PROJECT, EMAIL, privateKey);
});

afterAll(async () => {
  await emulator.stop();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(stateDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await emulator.reset();
  sink.delayMs = 0;
  sink.received = [];
  sink.answered.clear();
});

const bucket = () => storage.bucket(BUCKET);

describe('a restarted Storage emulator', () => {
  it('serves the same objects and metadata, and lists them', async () => {
    await bucket().file('a/one.txt').save('first', { contentType: 'text/plain' });
    await bucket()
      .file('a/two.bin')
      .save(Buffer.alloc(300_000, 7), { metadata: { metadata: { owner: 'u1' } } });
    await bucket().file('gone.txt').save('deleted before the restart');
    await bucket().file('gone.txt').delete();
    await bucket().file('a/one.txt').setMetadata({ cacheControl: 'no-store' });
    const [before] = await bucket().file('a/one.txt').getMetadata();
    await restart();

    const [after] = await bucket().file('a/one.txt').getMetadata();
    expect(after).toMatchObject({
      generation: before.generation,
      metageneration: '2',
      md5Hash: before.md5Hash,
      contentType: 'text/plain',
      cacheControl: 'no-store',
    });
    expect((await bucket().file('a/one.txt').download())[0].toString()).toBe('first');
    const [two] = await bucket().file('a/two.bin').download();
    expect(two.equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect((await bucket().file('a/two.bin').getMetadata())[0].metadata).toEqual({ owner: 'u1' });
    const [files] = await bucket().getFiles();
    expect(files.map((f) => f.name)).toEqual(['a/one.txt', 'a/two.bin']);
    expect((await bucket().file('gone.txt').exists())[0]).toBe(false);
    // A new upload gets a later generation than anything before the restart.
    await bucket().file('a/one.txt').save('second');
    const [next] = await bucket().file('a/one.txt').getMetadata();
    expect(BigInt(String(next.generation))).toBeGreaterThan(BigInt(String(before.generation)));
  });

  it('delivers a finalize event the stop cut off, once answered, with the same event id', async () => {
    sink.delayMs = 500;
    await bucket().file('late.txt').save('bytes');
    await until(() => sink.received.length === 1);
    await restart();
    await until(() => sink.answered.size === 1);
    await emulator.idle();

    const ids = sink.received.map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect([...sink.answered.values()]).toEqual([1]);
    expect(readdirSync(path.join(stateDir, 'events'))).toEqual([]);
  });

  it('continues a resumable upload from the bytes it had before the restart', async () => {
    const data = Buffer.alloc(3 * 256 * 1024, 0);
    for (let i = 0; i < data.length; i += 1) data[i] = i % 251;
    const [uri] = await bucket().file('big.bin').createResumableUpload();
    const chunk = 256 * 1024;
    const first = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${chunk - 1}/${data.length}` },
      body: data.subarray(0, chunk),
    });
    expect(first.status).toBe(308);
    await restart();

    const status = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${data.length}` },
    });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${chunk - 1}`);
    const rest = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes ${chunk}-${data.length - 1}/${data.length}` },
      body: data.subarray(chunk),
    });
    expect(rest.status).toBe(200);
    const [downloaded] = await bucket().file('big.bin').download();
    expect(downloaded.equals(data)).toBe(true);
    // The md5 the emulator computed over bytes from both processes matches the whole.
    await bucket().file('big.bin').download({ validation: 'md5' });

    // A finished session answers with its object after another restart, too.
    await restart();
    const again = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${data.length}` },
    });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  });

  it('drops the bytes of a single-request upload that was streaming at the stop', async () => {
    await bucket().file('kept.txt').save('kept');
    const url = `${emulator.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=cut.bin`;
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': '1000000' },
    });
    request.on('error', () => undefined);
    request.write(Buffer.alloc(100_000, 1));
    await sleep(200);
    await restart();

    expect((await bucket().file('cut.bin').exists())[0]).toBe(false);
    expect((await bucket().file('kept.txt').download())[0].toString()).toBe('kept');
    expect(readdirSync(path.join(stateDir, 'blobs'))).toHaveLength(1);
  });
});
