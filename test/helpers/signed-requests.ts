import { generateKeyPairSync } from 'node:crypto';
import type { SignedRequest } from '../../infra/bucket-policies';
import { storageSigningWith } from '../../shared/platform/storage';
import { UploadSigner, type UploadInstructions } from '../../shared/submissions/signed-urls';

/**
 * The product's own signed URLs, made with a throwaway key: what a browser is told to send for
 * a signed PUT and a resumable start, and the download URL. The bucket CORS tests (the file the
 * local emulator enforces, the policy the deploy plan applies) check these, not a copied list.
 */
export function productSigner(): UploadSigner {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new UploadSigner(
    storageSigningWith(
      'demo-cors',
      'signer@demo-cors.iam.gserviceaccount.com',
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ).bucket('demo-cors-submissions'),
  );
}

export const UPLOAD_KINDS = [
  ['a signed PUT (submissions and feedback files)', false],
  ['a signed resumable start', true],
] as const;

export async function signedUpload(
  signer: UploadSigner,
  resumable: boolean,
): Promise<UploadInstructions> {
  const expires = new Date(Date.now() + 600_000);
  return signer.upload('p/u/r/file.pdf', 'application/pdf', 1234, expires, resumable);
}

/** Every request a browser makes with Pathwise's signed URLs, as a CORS preflight sees it. */
export async function signedRequests(signer: UploadSigner): Promise<SignedRequest[]> {
  const uploads = await Promise.all(UPLOAD_KINDS.map(([, r]) => signedUpload(signer, r)));
  return [
    ...uploads.map((u) => ({ method: u.method, headers: Object.keys(u.headers) })),
    // Chunks of a resumable session carry their range; downloads are plain GETs.
    { method: 'PUT' as const, headers: ['Content-Type', 'Content-Range'] },
    { method: 'GET' as const, headers: [] },
  ];
}
