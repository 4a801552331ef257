import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corsRefusals, CorsPolicySchema, SIGNED_REQUESTS } from '../../../infra/bucket-policies';
import { SIGNED_REQUEST_HEADERS } from '../../../shared/submissions/signed-urls';
import {
  productSigner,
  signedRequests,
  signedUpload,
  UPLOAD_KINDS,
} from '../../helpers/signed-requests';

/**
 * Every header a signed URL asks a browser to send must pass the bucket's CORS preflight, or a
 * web page cannot upload (the bug issue 10 found). The policy is the file the local Storage
 * emulator enforces and the deploy plan applies (with the deployment's origins; the plan's test
 * checks that policy too); the URLs are the product's own.
 */
const cors = CorsPolicySchema.parse(
  JSON.parse(readFileSync(path.resolve(__dirname, '../../../infra/cors.json'), 'utf8')),
);
const allowed = new Set(cors.flatMap((rule) => rule.responseHeader.map((h) => h.toLowerCase())));
const methods = new Set(cors.flatMap((rule) => rule.method));
const signer = productSigner();

describe('signed URLs and the bucket CORS policy', () => {
  it.each(UPLOAD_KINDS)('allows every header %s asks for', async (_what, resumable) => {
    const upload = await signedUpload(signer, resumable);
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
    const url = await signer.download('p/u/r/file.pdf', 'file.pdf', new Date(Date.now() + 60_000));
    expect(new URL(url).searchParams.get('X-Goog-SignedHeaders')).toBe('host');
  });

  it("declares to the deploy plan's guard every header the real URLs ask for", async () => {
    // The plan refuses a policy that fails SIGNED_REQUESTS; that only protects uploads if the
    // real URLs ask for nothing beyond them.
    for (const request of await signedRequests(signer)) {
      const declared = SIGNED_REQUESTS.filter((r) => r.method === request.method).flatMap((r) =>
        r.headers.map((h) => h.toLowerCase()),
      );
      for (const header of request.headers) expect(declared).toContain(header.toLowerCase());
    }
  });

  it('names what a policy without x-goog-if-generation-match would block', () => {
    const broken = cors.map((rule) => ({
      ...rule,
      responseHeader: rule.responseHeader.filter((h) => h !== 'x-goog-if-generation-match'),
    }));
    const refusals = SIGNED_REQUESTS.flatMap((r) => corsRefusals(broken, 'https://a.example', r));
    expect(refusals).toEqual([
      'PUT from https://a.example: header x-goog-if-generation-match is not allowed',
      'POST from https://a.example: header x-goog-if-generation-match is not allowed',
    ]);
  });
});
