/**
 * Bucket CORS as a browser meets it: the project's own policy (`infra/cors.json`, the file the
 * deploy plan applies to the real bucket) against the exact requests a web client sends for each
 * kind of signed URL Pathwise issues, and the matching rules GCS applies to preflights (first
 * rule matching origin and method decides; requested headers compared case-insensitively;
 * `responseHeader` both allows request headers and exposes response headers).
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Storage } from '@google-cloud/storage';
import {
  startStorageEmulator,
  type CorsRule,
  type StorageEmulator,
} from '../../infra/local/storage-emulator';
import { storageEmulatorHost, storageSigningAs } from '../helpers/signing-storage';

const PROJECT = 'demo-pathwise';
const EMAIL = 'uploads-signer@demo-pathwise.iam.gserviceaccount.com';
const POLICY_BUCKET = 'policy-bucket';
const RULES_BUCKET = 'rules-bucket';
const PAGE = 'http://127.0.0.1:43117';
const policy = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../infra/cors.json'), 'utf8'),
) as CorsRule[];

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let emulator: StorageEmulator;
let storage: Storage;
const emulatorHost = storageEmulatorHost();

beforeAll(async () => {
  emulator = await startStorageEmulator({
    port: 0,
    projectId: PROJECT,
    signers: { [EMAIL]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    buckets: [
      { name: POLICY_BUCKET, cors: policy },
      {
        name: RULES_BUCKET,
        cors: [
          { origin: ['https://reader.example'], method: ['GET'], responseHeader: ['ETag'] },
          {
            origin: ['https://writer.example'],
            method: ['PUT'],
            responseHeader: ['Content-Type'],
            maxAgeSeconds: 60,
          },
          // Never consulted for writer.example's PUTs: the rule above already matched them.
          {
            origin: ['https://writer.example'],
            method: ['PUT'],
            responseHeader: ['Content-Type', 'x-goog-if-generation-match'],
          },
          { origin: ['https://any-method.example'], method: ['*'], responseHeader: ['X-Extra'] },
        ],
      },
    ],
  });
  emulatorHost.set(emulator.url);
  storage = storageSigningAs(PROJECT, EMAIL, keys.privateKey);
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => emulator.reset());

async function sign(bucket: string, name: string, config: Record<string, unknown>) {
  const [url] = await storage
    .bucket(bucket)
    .file(name)
    .getSignedUrl({ version: 'v4', expires: Date.now() + 60_000, ...config } as never);
  return url;
}

function preflight(url: string, origin: string, method: string, requestHeaders?: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      ...(requestHeaders ? { 'Access-Control-Request-Headers': requestHeaders } : {}),
    },
  });
}

/** The response headers a page's script may read on a cross-origin response. */
function exposed(response: Response): string[] {
  return (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

function allowed(response: Response): boolean {
  return response.headers.get('access-control-allow-origin') !== null;
}

describe('infra/cors.json lets a page on another origin use every signed URL Pathwise issues', () => {
  // The headers the API returns in `upload.headers`, which the client must send unchanged.
  const putHeaders = {
    'Content-Type': 'image/png',
    'x-goog-content-length-range': '5,5',
    'x-goog-if-generation-match': '0',
  };
  const startHeaders = {
    'Content-Type': 'application/pdf',
    'x-goog-resumable': 'start',
    'x-goog-if-generation-match': '0',
  };

  it('preflights and performs a signed PUT, exposing ETag, generation and hashes', async () => {
    const url = await sign(POLICY_BUCKET, 'a/one.png', {
      action: 'write',
      contentType: 'image/png',
      extensionHeaders: {
        'x-goog-content-length-range': '5,5',
        'x-goog-if-generation-match': '0',
      },
    });
    // Chromium lists the non-safelisted headers lowercased and sorted; other clients may not.
    for (const requested of [
      'content-type,x-goog-content-length-range,x-goog-if-generation-match',
      'Content-Type, X-Goog-If-Generation-Match, X-Goog-Content-Length-Range',
    ]) {
      const answer = await preflight(url, PAGE, 'PUT', requested);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')?.split(',')).toContain('PUT');
      expect(answer.headers.get('access-control-allow-headers')?.split(',')).toEqual(
        requested.split(',').map((h) => h.trim().toLowerCase()),
      );
      expect(answer.headers.get('access-control-max-age')).toBe('3600');
    }

    const put = await fetch(url, {
      method: 'PUT',
      headers: { ...putHeaders, Origin: PAGE },
      body: 'hello',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    expect(exposed(put)).toEqual(
      expect.arrayContaining(['etag', 'x-goog-generation', 'x-goog-hash', 'content-type']),
    );
  });

  it('preflights the resumable start, exposes Location, and lets the session PUTs through', async () => {
    const url = await sign(POLICY_BUCKET, 'a/big.pdf', {
      action: 'resumable',
      contentType: 'application/pdf',
      extensionHeaders: { 'x-goog-if-generation-match': '0' },
    });
    const answer = await preflight(
      url,
      PAGE,
      'POST',
      'content-type,x-goog-if-generation-match,x-goog-resumable',
    );
    expect(allowed(answer)).toBe(true);
    const start = await fetch(url, { method: 'POST', headers: { ...startHeaders, Origin: PAGE } });
    expect(start.status).toBe(201);
    expect(exposed(start)).toContain('location');
    const session = start.headers.get('location') as string;

    expect(allowed(await preflight(session, PAGE, 'PUT', 'content-range'))).toBe(true);
    // Every chunk but the last is a multiple of 256 KiB, as GCS requires.
    const chunk = 256 * 1024;
    const first = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${chunk - 1}/${chunk + 3}`, Origin: PAGE },
      body: new Uint8Array(chunk),
    });
    expect(first.status).toBe(308);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(exposed(first)).toContain('range');
    const last = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${chunk}-${chunk + 2}/${chunk + 3}`, Origin: PAGE },
      body: 'end',
    });
    expect(last.status).toBe(200);
    expect(exposed(last)).toEqual(expect.arrayContaining(['etag', 'x-goog-generation']));
  });

  it('answers a signed GET with CORS headers and exposes the download name', async () => {
    await storage.bucket(POLICY_BUCKET).file('a/report.pdf').save('%PDF-1.7', {
      resumable: false,
    });
    const url = await sign(POLICY_BUCKET, 'a/report.pdf', {
      action: 'read',
      responseDisposition: 'attachment; filename="report.pdf"',
    });
    const get = await fetch(url, { headers: { Origin: PAGE } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    expect(exposed(get)).toEqual(expect.arrayContaining(['content-disposition', 'etag']));
    expect(await get.text()).toBe('%PDF-1.7');
  });

  it('keeps CORS headers on error answers, so a page can read why GCS refused', async () => {
    const url = await sign(POLICY_BUCKET, 'a/two.png', {
      action: 'write',
      contentType: 'image/png',
      extensionHeaders: { 'x-goog-if-generation-match': '0' },
    });
    const refused = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/gif', 'x-goog-if-generation-match': '0', Origin: PAGE },
      body: 'x',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('how a preflight is matched against the bucket rules, as GCS does', () => {
  const url = () => `${emulator.url}/${RULES_BUCKET}/object.png`;

  it('refuses a requested header missing from responseHeader, whatever later rules allow', async () => {
    const refused = await preflight(
      url(),
      'https://writer.example',
      'PUT',
      'content-type,x-goog-if-generation-match',
    );
    // GCS answers 200 without any Access-Control-* header; the browser then blocks the request.
    expect(refused.status).toBe(200);
    expect([...refused.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);

    const ok = await preflight(url(), 'https://writer.example', 'PUT', 'CONTENT-TYPE');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://writer.example');
    expect(ok.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(ok.headers.get('access-control-max-age')).toBe('60');
  });

  it('matches the requested method against the rule: listed, or any for "*"', async () => {
    expect(allowed(await preflight(url(), 'https://reader.example', 'PUT'))).toBe(false);
    expect(allowed(await preflight(url(), 'https://reader.example', 'GET'))).toBe(true);
    expect(allowed(await preflight(url(), 'https://any-method.example', 'DELETE'))).toBe(true);
    expect(allowed(await preflight(url(), 'https://any-method.example', 'PATCH', 'x-extra'))).toBe(
      true,
    );
  });

  it('answers nothing for an origin no rule names', async () => {
    expect(allowed(await preflight(url(), 'https://elsewhere.example', 'GET'))).toBe(false);
    const get = await fetch(url(), { headers: { Origin: 'https://elsewhere.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes exactly the matching rule’s responseHeader on actual responses', async () => {
    await storage.bucket(RULES_BUCKET).file('object.png').save('png', { resumable: false });
    const readUrl = await sign(RULES_BUCKET, 'object.png', { action: 'read' });
    const get = await fetch(readUrl, { headers: { Origin: 'https://reader.example' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('https://reader.example');
    expect(exposed(get)).toEqual(['etag']);
  });
});
