/**
 * Eventarc-style delivery checked from the receiving side: functions registered with the
 * Functions Framework (`cloudEvent`) and served by its own test server must get proper
 * CloudEvents for every upload path, for deletions, and after retries.
 */
import { generateKeyPairSync } from 'node:crypto';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../infra/local/oidc';
import { startStorageEmulator, type StorageEmulator } from '../../infra/local/storage-emulator';
import { storageEmulatorHost, storageSigningAs } from '../helpers/signing-storage';

const PROJECT = 'demo-pathwise';
const EMAIL = 'uploads-signer@demo-pathwise.iam.gserviceaccount.com';
const BUCKET = 'demo-pathwise-uploads';
const FLAKY_BUCKET = 'demo-pathwise-flaky';
const SIGNED_BUCKET = 'demo-pathwise-signed';
const INVOKER = 'pathwise-trigger-invoker@demo-pathwise.iam.gserviceaccount.com';
const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const DELETED = 'google.cloud.storage.object.v1.deleted';

type StorageObjectData = Record<string, string | undefined>;
const received: CloudEvent<StorageObjectData>[] = [];
const flakyReceived: CloudEvent<StorageObjectData>[] = [];
let flakyCalls = 0;

cloudEvent<StorageObjectData>('onUploadEvent', (event: CloudEvent<StorageObjectData>) => {
  received.push(event);
});
cloudEvent<StorageObjectData>('onFlakyUpload', (event: CloudEvent<StorageObjectData>) => {
  flakyCalls++;
  if (flakyCalls <= 2) throw new Error(`transient failure ${flakyCalls}`);
  flakyReceived.push(event);
});

/** Requests as they arrive (headers only), answering 503 to the first `failFirst` of them. */
const signedRequests: IncomingHttpHeaders[] = [];
let failFirst = 0;

async function rawSink(): Promise<{ server: Server; url: string }> {
  const server = http.createServer((req, res) => {
    signedRequests.push(req.headers);
    req.resume();
    res.statusCode = signedRequests.length <= failFirst ? 503 : 204;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
}

async function serve(name: string): Promise<{ server: Server; url: string }> {
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let emulator: StorageEmulator;
let storage: Storage;
let signer: OidcSigner;
let signedUrl: string;
const servers: Server[] = [];
const emulatorHost = storageEmulatorHost();

beforeAll(async () => {
  const sink = await serve('onUploadEvent');
  const flaky = await serve('onFlakyUpload');
  const signed = await rawSink();
  signedUrl = signed.url;
  servers.push(sink.server, flaky.server, signed.server);
  signer = await createOidcSigner();
  emulator = await startStorageEmulator({
    port: 0,
    projectId: PROJECT,
    signers: { [EMAIL]: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    buckets: [{ name: BUCKET }, { name: FLAKY_BUCKET }, { name: SIGNED_BUCKET }],
    subscriptions: [
      { bucket: BUCKET, eventType: 'finalized', url: sink.url },
      { bucket: BUCKET, eventType: 'deleted', url: sink.url },
      {
        bucket: SIGNED_BUCKET,
        eventType: 'finalized',
        url: signed.url,
        oidcToken: { serviceAccountEmail: INVOKER },
      },
    ],
    delivery: {
      initialDelayMs: 20,
      maxAttempts: 5,
      timeoutMs: 5000,
      tokens: (email, audience) => signer.sign(email, audience),
    },
  });
  emulator.subscribe({ bucket: FLAKY_BUCKET, eventType: 'finalized', url: flaky.url });
  emulatorHost.set(emulator.url);
  storage = storageSigningAs(PROJECT, EMAIL, privateKey);
});

afterAll(async () => {
  await emulator.stop();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

beforeEach(async () => {
  await emulator.idle();
  await emulator.reset();
  await emulator.idle();
  received.length = 0;
});

function eventsFor(subject: string) {
  return received.filter((e) => e.subject === `objects/${subject}`);
}

test('a signed-URL PUT delivers a finalized CloudEvent with the object as data', async () => {
  const [url] = await storage
    .bucket(BUCKET)
    .file('users/u1/photo.png')
    .getSignedUrl({
      version: 'v4',
      action: 'write',
      contentType: 'image/png',
      expires: Date.now() + 60_000,
    });
  const put = await fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'image/png' },
    body: 'image',
  });
  expect(put.status).toBe(200);
  await emulator.idle();

  expect(received).toHaveLength(1);
  const event = received[0] as CloudEvent<StorageObjectData>;
  expect(event).toMatchObject({
    specversion: '1.0',
    type: FINALIZED,
    source: `//storage.googleapis.com/projects/_/buckets/${BUCKET}`,
    subject: 'objects/users/u1/photo.png',
    bucket: BUCKET,
  });
  expect(event.id).toMatch(/^\d+$/);
  expect(new Date(event.time as string).getTime()).not.toBeNaN();
  expect(event.data).toMatchObject({
    kind: 'storage#object',
    name: 'users/u1/photo.png',
    bucket: BUCKET,
    size: '5',
    contentType: 'image/png',
    generation: put.headers.get('x-goog-generation'),
    metageneration: '1',
  });
  expect(event.data?.md5Hash).toBeDefined();
  expect(event.data?.crc32c).toBeDefined();
});

test('file.save, createWriteStream and a resumable upload each deliver finalized', async () => {
  const bucket = storage.bucket(BUCKET);
  await bucket.file('a.txt').save('a', { resumable: false });
  await bucket.file('b.txt').save('b', { resumable: true });
  await new Promise<void>((resolve, reject) =>
    bucket.file('c.txt').createWriteStream().on('error', reject).on('finish', resolve).end('c'),
  );
  await emulator.idle();
  for (const name of ['a.txt', 'b.txt', 'c.txt']) {
    expect(eventsFor(name).map((e) => e.type)).toEqual([FINALIZED]);
  }
  expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
});

test('move delivers finalized for the destination and deleted for the source', async () => {
  const file = storage.bucket(BUCKET).file('incoming/raw.csv');
  await file.save('1,2,3', { resumable: false, contentType: 'text/csv' });
  await emulator.idle();
  received.length = 0;

  await file.move('processed/raw.csv');
  await emulator.idle();
  expect(eventsFor('processed/raw.csv').map((e) => e.type)).toEqual([FINALIZED]);
  expect(eventsFor('processed/raw.csv')[0]?.data).toMatchObject({
    contentType: 'text/csv',
    size: '5',
  });
  const deleted = eventsFor('incoming/raw.csv');
  expect(deleted.map((e) => e.type)).toEqual([DELETED]);
  expect(deleted[0]?.data).toMatchObject({ name: 'incoming/raw.csv', bucket: BUCKET });

  await storage.bucket(BUCKET).file('processed/raw.csv').moveFileAtomic('final/raw.csv');
  await emulator.idle();
  expect(eventsFor('final/raw.csv').map((e) => e.type)).toEqual([FINALIZED]);
  expect(eventsFor('processed/raw.csv').map((e) => e.type)).toEqual([FINALIZED, DELETED]);
});

test('delete and overwrite deliver deleted for the old generation', async () => {
  const file = storage.bucket(BUCKET).file('doc.txt');
  await file.save('v1', { resumable: false });
  const [first] = await file.getMetadata();
  await file.save('v2', { resumable: false });
  await file.delete();
  await emulator.idle();
  const events = eventsFor('doc.txt');
  expect(events.map((e) => e.type).sort()).toEqual([DELETED, DELETED, FINALIZED, FINALIZED]);
  const deletedGenerations = events
    .filter((e) => e.type === DELETED)
    .map((e) => e.data?.generation);
  expect(deletedGenerations).toContain(first.generation);
});

test('a subscriber answering 500 twice gets the event on the third attempt', async () => {
  flakyCalls = 0;
  flakyReceived.length = 0;
  await storage.bucket(FLAKY_BUCKET).file('retry.txt').save('r', { resumable: false });
  await emulator.idle();
  expect(flakyCalls).toBe(3);
  expect(flakyReceived).toHaveLength(1);
  expect(flakyReceived[0]).toMatchObject({ type: FINALIZED, subject: 'objects/retry.txt' });
});

test('a subscription with a trigger identity carries its OIDC token on every attempt, retries included', async () => {
  signedRequests.length = 0;
  failFirst = 1;
  await storage.bucket(SIGNED_BUCKET).file('signed.txt').save('s', { resumable: false });
  await emulator.idle();
  expect(signedRequests).toHaveLength(2);
  const client = new OAuth2Client();
  for (const headers of signedRequests) {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? '';
    const ticket = await client.verifySignedJwtWithCertsAsync(token, signer.pemCerts, signedUrl, [
      'https://accounts.google.com',
    ]);
    expect(ticket.getPayload()).toMatchObject({ email: INVOKER, email_verified: true });
    expect(headers['ce-type']).toBe(FINALIZED);
  }
  // Events of subscriptions without an identity carry no token, as before.
  await storage.bucket(BUCKET).file('plain.txt').save('p', { resumable: false });
  await emulator.idle();
  expect(eventsFor('plain.txt')).toHaveLength(1);
});

test('a subscription that asks for tokens needs a signer', async () => {
  await expect(
    startStorageEmulator({
      port: 0,
      projectId: PROJECT,
      signers: {},
      subscriptions: [
        {
          bucket: BUCKET,
          eventType: 'finalized',
          url: 'http://127.0.0.1:9/',
          oidcToken: { serviceAccountEmail: INVOKER },
        },
      ],
    }),
  ).rejects.toThrow(/no signer/);
});
