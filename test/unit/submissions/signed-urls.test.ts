import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storageSigningWith } from '../../../shared/platform/storage';
import { SIGNED_REQUEST_HEADERS, UploadSigner } from '../../../shared/submissions/signed-urls';

/**
 * Every header a signed URL asks a browser to send must pass the bucket's CORS preflight, or a
 * web page cannot upload (the bug issue 10 found). The policy is the file the deploy plan applies
 * to the real bucket and the local Storage emulator enforces; the URLs are the product's own.
 */
const cors = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../infra/cors.json'), 'utf8'),
) as { method: string[]; responseHeader: string[] }[];
const allowed = new Set(cors.flatMap((rule) => rule.responseHeader.map((h) => h.toLowerCase())));
const methods = new Set(cors.flatMap((rule) => rule.method));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = new UploadSigner(
  storageSigningWith(
    'demo-cors',
    'signer@demo-cors.iam.gserviceaccount.com',
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  ).bucket('demo-cors-submissions'),
);
const expires = new Date(Date.now() + 600_000);

describe('signed URLs and the bucket CORS policy', () => {
  it.each([
    ['a signed PUT (submissions and feedback files)', false],
    ['a signed resumable start', true],
  ])('allows every header %s asks for', async (_what, resumable) => {
    const upload = await signer.upload(
      'p/u/r/file.pdf',
      'application/pdf',
      1234,
      expires,
      resumable,
    );
    expect(methods).toContain(upload.method);
    for (const header of Object.keys(upload.headers))
      expect(allowed).toContain(header.toLowerCase());
    const declared = resumable ? SIGNED_REQUEST_HEADERS.resumableStart : SIGNED_REQUEST_HEADERS.put;
    expect(Object.keys(upload.headers).map((h) => h.toLowerCase())).toEqual(
      expect.arrayContaining([...declared]),
    );
  });

  it('lets the resumable session and downloads through (PUT with Content-Range, GET)', async () => {
    expect(methods).toContain('PUT');
    expect(methods).toContain('GET');
    expect(allowed).toContain('content-range');
    // The page reads where the session lives and what it stored.
    for (const exposed of ['location', 'etag', 'x-goog-generation', 'content-disposition'])
      expect(allowed).toContain(exposed);
    const url = await signer.download('p/u/r/file.pdf', 'file.pdf', expires);
    expect(new URL(url).searchParams.get('X-Goog-SignedHeaders')).toBe('host');
  });
});
