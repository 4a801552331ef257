/**
 * V4 signed-URL verification against single-byte tampering: URLs signed by the real
 * `@google-cloud/storage` signer, then one byte of the method, path, query or a signed header
 * changed. The emulator must accept the request exactly when it still means the same request
 * (e.g. `%2f` for `%2F`), and refuse every change that alters what was signed.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  canonicalHeaderValue,
  verifyV4,
  type SignedRequestInput,
} from '../../infra/local/storage-emulator/signature';
import { storageSigningAs } from '../helpers/signing-storage';

const EMAIL = 'signer@demo-pathwise.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
const lookup = (email: string) => (email === EMAIL ? key : undefined);
const storage = storageSigningAs('demo-pathwise', EMAIL, privateKey, 'http://127.0.0.1:4443');
const RUNS = 1000;

async function signed(
  method: 'GET' | 'PUT',
  object: string,
  headers: Record<string, string>,
): Promise<SignedRequestInput> {
  const [url] = await storage
    .bucket('uploads')
    .file(object)
    .getSignedUrl({
      version: 'v4',
      action: method === 'GET' ? 'read' : 'write',
      expires: Date.now() + 10 * 60_000,
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    });
  const u = new URL(url);
  return {
    method,
    rawPath: u.pathname,
    rawQuery: u.search.slice(1),
    headers: { host: '127.0.0.1:4443', ...headers },
  };
}

/** What a request means, independently of how its bytes spell it (null: not decodable). */
function meaning(req: SignedRequestInput): string | null {
  try {
    const path = req.rawPath.split('/').map(decodeURIComponent);
    const query = req.rawQuery
      .split('&')
      .filter(Boolean)
      .map((part) => {
        const eq = part.indexOf('=');
        const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
        const value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
        // The signature is compared as bytes, so its hex digits' case does not matter.
        return `${name}=${name === 'X-Goog-Signature' ? value.toLowerCase() : value}`;
      })
      .sort();
    const headers = Object.entries(req.headers)
      .map(([name, value]) => {
        const text = canonicalHeaderValue(value ?? '');
        // Browsers add the port that the client libraries leave out of what they sign.
        return `${name}:${name === 'host' ? text.replace(/:\d+$/, '') : text}`;
      })
      .sort();
    return JSON.stringify([req.method, path, query, headers]);
  } catch {
    return null;
  }
}

type Field = 'method' | 'rawPath' | 'rawQuery' | `header:${string}`;

function read(req: SignedRequestInput, field: Field): string {
  if (field.startsWith('header:')) return String(req.headers[field.slice(7)] ?? '');
  return req[field as 'method' | 'rawPath' | 'rawQuery'];
}

function write(req: SignedRequestInput, field: Field, value: string): SignedRequestInput {
  if (field.startsWith('header:')) {
    return { ...req, headers: { ...req.headers, [field.slice(7)]: value } };
  }
  return { ...req, [field]: value };
}

/** One byte of one field replaced by a different printable ASCII byte. */
function tamperings(req: SignedRequestInput) {
  const fields: Field[] = [
    'method',
    'rawPath',
    'rawQuery',
    ...Object.keys(req.headers).map((h): Field => `header:${h}`),
  ];
  return fc
    .record({
      field: fc.constantFrom(...fields),
      position: fc.nat(),
      byte: fc.integer({ min: 0x21, max: 0x7e }),
    })
    .map(({ field, position, byte }) => {
      const original = read(req, field);
      const at = position % original.length;
      const replacement =
        String.fromCharCode(byte) === original[at]
          ? String.fromCharCode(byte === 0x7e ? 0x21 : byte + 1)
          : String.fromCharCode(byte);
      const value = original.slice(0, at) + replacement + original.slice(at + 1);
      return { field, at, tampered: write(req, field, value) };
    });
}

describe('signed-URL verification under single-byte tampering', () => {
  const cases: [string, () => Promise<SignedRequestInput>][] = [
    ['a download (GET)', () => signed('GET', 'p/u/r/report (final).pdf', {})],
    [
      'an upload (PUT with a signed content type)',
      () => signed('PUT', 'p/u/r/photo.png', { 'content-type': 'image/png' }),
    ],
  ];

  it.each(cases)(
    'accepts %s only while every byte still means what was signed',
    async (_, make) => {
      const request = await make();
      const now = new Date();
      expect(verifyV4(request, lookup, now).ok).toBe(true);
      const original = meaning(request);
      let refused = 0;
      fc.assert(
        fc.property(tamperings(request), ({ tampered }) => {
          const result = verifyV4(tampered, lookup, now);
          const same = meaning(tampered) === original;
          expect(result.ok).toBe(same);
          if (!result.ok) refused += 1;
        }),
        { numRuns: RUNS },
      );
      // Nearly every change alters the request; the few that do not are re-spellings.
      expect(refused).toBeGreaterThan(RUNS * 0.9);
    },
  );
});
