/**
 * The XML API as a browser uses it: V4 signed URLs issued by `@google-cloud/storage`, sent with
 * plain fetch; every rejection asserts GCS's status and XML <Code>. Also resumable sessions,
 * CORS and a 100 MB streamed upload.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { Storage } from '@google-cloud/storage';
import { startStorageEmulator, type StorageEmulator } from '../../infra/local/storage-emulator';
import { storageEmulatorHost, storageSigningAs } from '../helpers/signing-storage';

const PROJECT = 'demo-pathwise';
const EMAIL = 'uploads-signer@demo-pathwise.iam.gserviceaccount.com';
const BUCKET = 'demo-pathwise-uploads';
const APP_ORIGIN = 'http://localhost:5173';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const signer = keyPair();
let emulator: StorageEmulator;
let storage: Storage;
const emulatorHost = storageEmulatorHost();

beforeAll(async () => {
  emulator = await startStorageEmulator({
    port: 0,
    projectId: PROJECT,
    signers: { [EMAIL]: signer.publicPem },
    buckets: [
      {
        name: BUCKET,
        cors: [
          {
            origin: [APP_ORIGIN],
            method: ['GET', 'HEAD', 'PUT', 'POST'],
            responseHeader: ['Content-Type', 'x-goog-resumable', 'x-goog-content-length-range'],
            maxAgeSeconds: 3600,
          },
        ],
      },
    ],
  });
  emulatorHost.set(emulator.url);
  storage = storageSigningAs(PROJECT, EMAIL, signer.privatePem);
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => emulator.reset());

async function signedUrl(name: string, config: Record<string, unknown>, client = storage) {
  const [url] = await client
    .bucket(BUCKET)
    .file(name)
    .getSignedUrl({ version: 'v4', expires: Date.now() + 15 * 60_000, ...config } as never);
  return url;
}

function writeUrl(name: string, extra: Record<string, unknown> = {}) {
  return signedUrl(name, {
    action: 'write',
    contentType: 'image/png',
    extensionHeaders: { 'x-goog-content-length-range': '0,1000' },
    ...extra,
  });
}

const writeHeaders = {
  'Content-Type': 'image/png',
  'x-goog-content-length-range': '0,1000',
};

async function xmlCode(response: Response): Promise<string | undefined> {
  const body = await response.text();
  expect(body.startsWith("<?xml version='1.0' encoding='UTF-8'?><Error><Code>")).toBe(true);
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}

describe('signed URL uploads and downloads', () => {
  test('PUT then GET, HEAD and ranged GET through signed URLs', async () => {
    const bytes = Buffer.from('not really a png, but 42 bytes of content.');
    const put = await fetch(await writeUrl('avatars/u1.png'), {
      method: 'PUT',
      headers: writeHeaders,
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    expect(put.headers.get('x-goog-generation')).toMatch(/^\d{16}$/);

    const readUrl = await signedUrl('avatars/u1.png', { action: 'read' });
    const get = await fetch(readUrl);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);

    // The verb is part of the signature, so HEAD needs a URL signed for HEAD; the client has no
    // `action` for it, but its URLSigner (created by the first getSignedUrl) takes any method.
    const file = storage.bucket(BUCKET).file('avatars/u1.png');
    await file.getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 60_000 });
    const headUrl: string = await (file as any).signer.getSignedUrl({
      method: 'HEAD',
      version: 'v4',
      expires: Date.now() + 60_000,
    });
    const headWithGetUrl = await fetch(readUrl, { method: 'HEAD' });
    expect(headWithGetUrl.status).toBe(403);
    const head = await fetch(headUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(head.headers.get('x-goog-hash')).toContain(
      `md5=${createHash('md5').update(bytes).digest('base64')}`,
    );

    const ranged = await fetch(readUrl, { headers: { Range: 'bytes=4-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 4-9/${bytes.length}`);
    expect(await ranged.text()).toBe('really');

    const [metadata] = await storage.bucket(BUCKET).file('avatars/u1.png').getMetadata();
    expect(metadata).toMatchObject({ size: String(bytes.length), contentType: 'image/png' });
  });

  test('object names with spaces and unicode survive signing and canonicalisation', async () => {
    const name = 'docs/résumé final (v2).pdf';
    const url = await signedUrl(name, { action: 'write' });
    const put = await fetch(url, { method: 'PUT', body: 'pdf' });
    expect(put.status).toBe(200);
    const [exists] = await storage.bucket(BUCKET).file(name).exists();
    expect(exists).toBe(true);
  });

  test('signed x-goog-meta-* headers become custom metadata', async () => {
    const url = await signedUrl('meta.txt', {
      action: 'write',
      extensionHeaders: { 'x-goog-meta-owner': 'learner-7' },
    });
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'x-goog-meta-owner': 'learner-7' },
      body: 'x',
    });
    expect(put.status).toBe(200);
    const [metadata] = await storage.bucket(BUCKET).file('meta.txt').getMetadata();
    expect(metadata.metadata).toEqual({ owner: 'learner-7' });
  });

  test('a signed DELETE removes the object', async () => {
    await storage.bucket(BUCKET).file('del.txt').save('x', { resumable: false });
    const res = await fetch(await signedUrl('del.txt', { action: 'delete' }), { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await storage.bucket(BUCKET).file('del.txt').exists())[0]).toBe(false);
  });

  test('x-goog-if-generation-match: 0 makes a signed PUT create-only', async () => {
    const url = await signedUrl('once.txt', {
      action: 'write',
      extensionHeaders: { 'x-goog-if-generation-match': '0' },
    });
    const headers = { 'x-goog-if-generation-match': '0' };
    expect((await fetch(url, { method: 'PUT', headers, body: 'a' })).status).toBe(200);
    const second = await fetch(url, { method: 'PUT', headers, body: 'b' });
    expect(second.status).toBe(412);
    expect(await xmlCode(second)).toBe('PreconditionFailed');
  });
});

describe('signed URL rejections', () => {
  test('a tampered signature is 403 SignatureDoesNotMatch', async () => {
    const url = new URL(await writeUrl('a.png'));
    const sig = url.searchParams.get('X-Goog-Signature') as string;
    url.searchParams.set('X-Goog-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    const res = await fetch(url, { method: 'PUT', headers: writeHeaders, body: 'x' });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('a tampered path is 403 SignatureDoesNotMatch', async () => {
    const url = new URL(await writeUrl('a.png'));
    url.pathname = url.pathname.replace('a.png', 'b.png');
    const res = await fetch(url, { method: 'PUT', headers: writeHeaders, body: 'x' });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('a tampered query is 403 SignatureDoesNotMatch', async () => {
    const url = new URL(await writeUrl('a.png'));
    url.searchParams.set('X-Goog-Expires', '900');
    url.searchParams.set('extra', '1');
    const res = await fetch(url, { method: 'PUT', headers: writeHeaders, body: 'x' });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('the wrong method is 403 SignatureDoesNotMatch', async () => {
    const res = await fetch(await writeUrl('a.png'), { headers: writeHeaders });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(body).toContain('<CanonicalRequest>GET\n/demo-pathwise-uploads/a.png\n');
  });

  test('a different Content-Type than signed is 403 SignatureDoesNotMatch', async () => {
    const res = await fetch(await writeUrl('a.png'), {
      method: 'PUT',
      headers: { ...writeHeaders, 'Content-Type': 'text/html' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('a different signed extension header value is 403 SignatureDoesNotMatch', async () => {
    const res = await fetch(await writeUrl('a.png'), {
      method: 'PUT',
      headers: { ...writeHeaders, 'x-goog-content-length-range': '0,999999' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('a signed header missing from the request is 400 MalformedSecurityHeader', async () => {
    const url = await writeUrl('a.png');
    const noType = await fetch(url, {
      method: 'PUT',
      headers: { 'x-goog-content-length-range': '0,1000' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(noType.status).toBe(400);
    expect(await xmlCode(noType)).toBe('MalformedSecurityHeader');
    const noRange = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      body: 'x',
    });
    expect(noRange.status).toBe(400);
    const body = await noRange.text();
    expect(body).toContain('<Code>MalformedSecurityHeader</Code>');
    expect(body).toContain('<ParameterName>x-goog-content-length-range</ParameterName>');
  });

  test('an expired URL is 400 ExpiredToken', async () => {
    const url = await signedUrl('a.png', { action: 'read', expires: Date.now() + 1000 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await xmlCode(res)).toBe('ExpiredToken');
  });

  test('a body over the signed length range is 400 EntityTooLarge, streamed or not', async () => {
    const url = await writeUrl('big.png');
    const known = await fetch(url, {
      method: 'PUT',
      headers: writeHeaders,
      body: Buffer.alloc(1001),
    });
    expect(known.status).toBe(400);
    expect(await xmlCode(known)).toBe('EntityTooLarge');

    async function* chunks() {
      for (let i = 0; i < 64; i++) yield new Uint8Array(64 * 1024);
    }
    const streamed = await fetch(url, {
      method: 'PUT',
      headers: writeHeaders,
      body: ReadableStream.from(chunks()),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(400);
    expect(await xmlCode(streamed)).toBe('EntityTooLarge');
    const [exists] = await storage.bucket(BUCKET).file('big.png').exists();
    expect(exists).toBe(false);
  });

  test('a body under the signed length range is 400 EntityTooSmall', async () => {
    const url = await writeUrl('small.png', {
      extensionHeaders: { 'x-goog-content-length-range': '10,1000' },
    });
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png', 'x-goog-content-length-range': '10,1000' },
      body: 'tiny',
    });
    expect(res.status).toBe(400);
    expect(await xmlCode(res)).toBe('EntityTooSmall');
  });

  test('an unsigned request to the XML API is 403 AccessDenied', async () => {
    const put = await fetch(`${emulator.url}/${BUCKET}/anon.txt`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(403);
    expect(await xmlCode(put)).toBe('AccessDenied');
    const get = await fetch(`${emulator.url}/${BUCKET}/anon.txt`);
    expect(get.status).toBe(403);
    expect(await xmlCode(get)).toBe('AccessDenied');
  });

  test('a URL signed by an unregistered key is 403 SignatureDoesNotMatch', async () => {
    const stranger = keyPair();
    const other = storageSigningAs(PROJECT, EMAIL, stranger.privatePem);
    const res = await fetch(await signedUrl('a.png', { action: 'read' }, other));
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  test('a valid signature for a missing object is 404 NoSuchKey', async () => {
    const res = await fetch(await signedUrl('nothing-here.txt', { action: 'read' }));
    expect(res.status).toBe(404);
    expect(await xmlCode(res)).toBe('NoSuchKey');
  });
});

describe('resumable uploads through a signed URL', () => {
  const CHUNK = 256 * 1024;
  const total = CHUNK + 37_000;
  const data = Buffer.alloc(total, 0);
  for (let i = 0; i < total; i++) data[i] = (i * 31) % 251;

  async function startSession(name: string): Promise<string> {
    const url = await signedUrl(name, { action: 'resumable', contentType: 'video/mp4' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-goog-resumable': 'start', 'Content-Type': 'video/mp4' },
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location');
    expect(location).toContain('upload_id=');
    return location as string;
  }

  test('chunks with Content-Range, a status query, then the last chunk', async () => {
    const session = await startSession('videos/lesson.mp4');
    const first = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${CHUNK - 1}/*` },
      body: data.subarray(0, CHUNK),
    });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${CHUNK - 1}`);

    const status = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes */*' },
    });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${CHUNK - 1}`);

    const last = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${CHUNK}-${total - 1}/${total}` },
      body: data.subarray(CHUNK),
    });
    expect(last.status).toBe(200);

    const [metadata] = await storage.bucket(BUCKET).file('videos/lesson.mp4').getMetadata();
    expect(metadata.size).toBe(String(total));
    expect(metadata.contentType).toBe('video/mp4');
    expect(metadata.md5Hash).toBe(createHash('md5').update(data).digest('base64'));

    const again = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes */${total}` },
    });
    expect(again.status).toBe(200);
  });

  test('a non-final chunk under 256 KiB is refused; a cancelled session is gone', async () => {
    const session = await startSession('videos/short.mp4');
    const small = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes 0-999/*' },
      body: data.subarray(0, 1000),
    });
    expect(small.status).toBe(400);
    await small.text();
    const cancel = await fetch(session, { method: 'DELETE' });
    expect(cancel.status).toBe(499);
    const after = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes */*' },
    });
    expect(after.status).toBe(404);
    expect(await xmlCode(after)).toBe('NoSuchUpload');
  });

  test('the start request itself must be signed', async () => {
    const res = await fetch(`${emulator.url}/${BUCKET}/x.mp4`, {
      method: 'POST',
      headers: { 'x-goog-resumable': 'start' },
    });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('AccessDenied');
  });
});

describe('CORS', () => {
  test('a preflight for a signed PUT is answered from the bucket CORS rules', async () => {
    const url = await writeUrl('cors.png');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: APP_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type,x-goog-content-length-range',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-goog-content-length-range',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('3600');

    const put = await fetch(url, {
      method: 'PUT',
      headers: { ...writeHeaders, Origin: APP_ORIGIN },
      body: 'x',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(put.headers.get('access-control-expose-headers')).toBe(
      'Content-Type,x-goog-resumable,x-goog-content-length-range',
    );
  });

  test('other origins, methods or headers get no CORS headers', async () => {
    const url = `${emulator.url}/${BUCKET}/cors.png`;
    const cases = [
      { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
      { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'DELETE' },
      {
        Origin: APP_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'x-custom-thing',
      },
    ];
    for (const headers of cases) {
      const res = await fetch(url, { method: 'OPTIONS', headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('CORS set through the JSON API applies to the XML API', async () => {
    const bucket = storage.bucket(BUCKET);
    const [before] = await bucket.getMetadata();
    await bucket.setCorsConfiguration([
      { origin: ['https://app.example'], method: ['PUT'], responseHeader: ['Content-Type'] },
    ]);
    try {
      const [after] = await bucket.getMetadata();
      expect(after.cors).toEqual([
        { origin: ['https://app.example'], method: ['PUT'], responseHeader: ['Content-Type'] },
      ]);
      const res = await fetch(`${emulator.url}/${BUCKET}/x`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    } finally {
      await bucket.setCorsConfiguration(before.cors ?? []);
    }
  });
});

describe('large uploads', () => {
  test('a 100 MB signed PUT streamed from a generator is stored intact', async () => {
    const size = 100 * 1024 * 1024;
    const chunk = 1024 * 1024;
    const md5 = createHash('md5');
    async function* generate() {
      for (let offset = 0; offset < size; offset += chunk) {
        const part = Buffer.alloc(chunk, offset / chunk);
        md5.update(part);
        yield new Uint8Array(part.buffer, part.byteOffset, part.length);
      }
    }
    const url = await signedUrl('big/100mb.bin', {
      action: 'write',
      contentType: 'application/octet-stream',
    });
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: ReadableStream.from(generate()),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const [metadata] = await storage.bucket(BUCKET).file('big/100mb.bin').getMetadata();
    expect(metadata.size).toBe(String(size));
    expect(metadata.md5Hash).toBe(md5.digest('base64'));
  });
});
