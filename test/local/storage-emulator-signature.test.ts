/**
 * Pure tests of V4 canonicalisation and verification against URLs signed by the real
 * `@google-cloud/storage` signer; no server involved.
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import type { Storage } from '@google-cloud/storage';
import {
  canonicalHeaderValue,
  canonicalPath,
  canonicalQuery,
  parseRawQuery,
  strictEncode,
  verifyV4,
  type SignatureFailure,
} from '../../infra/local/storage-emulator/signature';
import { storageSigningAs } from '../helpers/signing-storage';

const EMAIL = 'signer@demo-pathwise.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
const lookup = (email: string) => (email === EMAIL ? key : undefined);
const HOST = 'http://127.0.0.1:4443';

let storage: Storage;

beforeAll(() => {
  storage = storageSigningAs('demo-pathwise', EMAIL, privatePem, HOST);
});

function split(signed: string): { rawPath: string; rawQuery: string } {
  const u = new URL(signed);
  return { rawPath: u.pathname, rawQuery: u.search.slice(1) };
}

async function sign(
  object: string,
  config: Record<string, unknown>,
): Promise<{ rawPath: string; rawQuery: string }> {
  const [url] = await storage
    .bucket('uploads')
    .file(object)
    .getSignedUrl({ version: 'v4', expires: Date.now() + 10 * 60_000, ...config } as never);
  return split(url);
}

describe('canonical pieces', () => {
  test('strict encoding leaves only RFC 3986 unreserved characters', () => {
    expect(strictEncode("a b/c!*'()~._-+")).toBe('a%20b%2Fc%21%2A%27%28%29~._-%2B');
  });

  test('path is re-encoded segment by segment, slashes kept', () => {
    expect(canonicalPath('/bucket/dir/a%20b%21(c).txt')).toBe('/bucket/dir/a%20b%21%28c%29.txt');
  });

  test('query is sorted by encoded name and excludes the signature', () => {
    const params = parseRawQuery('b=2&X-Goog-Signature=abc&a=1%2F2&A=3');
    expect(canonicalQuery(params)).toBe('A=3&a=1%2F2&b=2');
  });

  test('query values are not decoded as form data', () => {
    expect(parseRawQuery('x=a+b')).toEqual([['x', 'a+b']]);
  });

  test('header values are trimmed and inner whitespace runs collapsed', () => {
    expect(canonicalHeaderValue('  text/plain;   charset=utf-8 ')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(canonicalHeaderValue(['a', 'b'])).toBe('a,b');
  });
});

describe('verifyV4 against @google-cloud/storage signatures', () => {
  test('accepts a read URL, with the port-less host the client signs', async () => {
    const { rawPath, rawQuery } = await sign('reports/q1 summary.pdf', { action: 'read' });
    const result = verifyV4(
      { method: 'GET', rawPath, rawQuery, headers: { host: '127.0.0.1:4443' } },
      lookup,
      new Date(),
    );
    expect(result).toMatchObject({ ok: true, email: EMAIL, signedHeaders: ['host'] });
  });

  test('accepts a write URL with content type and a length range', async () => {
    const { rawPath, rawQuery } = await sign('in/photo.png', {
      action: 'write',
      contentType: 'image/png',
      extensionHeaders: { 'x-goog-content-length-range': '0,1000' },
    });
    const headers = {
      host: '127.0.0.1',
      'content-type': 'image/png',
      'x-goog-content-length-range': '0,1000',
    };
    const ok = verifyV4({ method: 'PUT', rawPath, rawQuery, headers }, lookup, new Date());
    expect(ok).toMatchObject({
      ok: true,
      signedHeaders: ['content-type', 'host', 'x-goog-content-length-range'],
    });
  });

  test('rejects another method, path, query or header value with SignatureDoesNotMatch', async () => {
    const { rawPath, rawQuery } = await sign('in/photo.png', {
      action: 'write',
      contentType: 'image/png',
    });
    const headers = { host: '127.0.0.1', 'content-type': 'image/png' };
    const cases = [
      { method: 'GET', rawPath, rawQuery, headers },
      { method: 'PUT', rawPath: rawPath.replace('photo', 'other'), rawQuery, headers },
      { method: 'PUT', rawPath, rawQuery: `${rawQuery}&extra=1`, headers },
      { method: 'PUT', rawPath, rawQuery, headers: { ...headers, 'content-type': 'text/html' } },
    ];
    for (const req of cases) {
      const result = verifyV4(req, lookup, new Date()) as SignatureFailure;
      expect(result).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
      const stringToSign = result.extra?.find(([name]) => name === 'StringToSign')?.[1];
      expect(stringToSign?.split('\n')[0]).toBe('GOOG4-RSA-SHA256');
      const canonical = result.extra?.find(([name]) => name === 'CanonicalRequest')?.[1];
      expect(canonical?.split('\n')[0]).toBe(req.method);
      expect(canonical?.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    }
  });

  test('a signed header missing from the request is a MalformedSecurityHeader', async () => {
    const { rawPath, rawQuery } = await sign('in/photo.png', {
      action: 'write',
      contentType: 'image/png',
    });
    const result = verifyV4(
      { method: 'PUT', rawPath, rawQuery, headers: { host: '127.0.0.1' } },
      lookup,
      new Date(),
    );
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      code: 'MalformedSecurityHeader',
      extra: [['ParameterName', 'content-type']],
    });
  });

  test('an unsigned x-goog-* header is a MalformedSecurityHeader', async () => {
    const { rawPath, rawQuery } = await sign('a.txt', { action: 'write' });
    const result = verifyV4(
      { method: 'PUT', rawPath, rawQuery, headers: { host: '127.0.0.1', 'x-goog-meta-a': '1' } },
      lookup,
      new Date(),
    );
    expect(result).toMatchObject({ ok: false, code: 'MalformedSecurityHeader' });
  });

  test('an expired URL is 400 ExpiredToken', async () => {
    const { rawPath, rawQuery } = await sign('a.txt', {
      action: 'read',
      expires: Date.now() + 5000,
    });
    const later = new Date(Date.now() + 60_000);
    const result = verifyV4(
      { method: 'GET', rawPath, rawQuery, headers: { host: '127.0.0.1' } },
      lookup,
      later,
    );
    expect(result).toMatchObject({ ok: false, status: 400, code: 'ExpiredToken' });
  });

  test('an unknown signer cannot match', async () => {
    const { rawPath, rawQuery } = await sign('a.txt', { action: 'read' });
    const result = verifyV4(
      { method: 'GET', rawPath, rawQuery, headers: { host: '127.0.0.1' } },
      () => undefined,
      new Date(),
    );
    expect(result).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
  });

  test('malformed parameters are reported before the signature is checked', () => {
    const result = verifyV4(
      {
        method: 'GET',
        rawPath: '/b/o',
        rawQuery:
          'X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=a%2F20240101%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=nope&X-Goog-Expires=60&X-Goog-SignedHeaders=host&X-Goog-Signature=00',
        headers: { host: 'x' },
      },
      lookup,
      new Date(),
    );
    expect(result).toMatchObject({ ok: false, status: 400, code: 'MalformedSecurityHeader' });
  });
});
