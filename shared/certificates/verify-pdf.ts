import { createHash } from 'node:crypto';
import { payloadTooLarge } from '../errors';
import type { CertificateDoc, CertificateState } from './model';
import { certificateState } from './state';

/**
 * Is this PDF a certificate we issued? Only byte-for-byte identity counts: the SHA-256 of the
 * uploaded bytes must be the `pdf_sha256` of an issued certificate. Anything edited — a level
 * changed from C1 to A1, a name retyped, one byte flipped — hashes differently and is not
 * authentic, however genuine it looks and whatever credential it still carries.
 */

export const MAX_VERIFY_PDF_BYTES = 5 * 1024 * 1024;

export type CertificateLookup = (
  sha256: string,
) => Promise<Pick<
  CertificateDoc,
  'certificate_id' | 'verification_url' | 'revoked_at' | 'superseded_by' | 'valid_until'
> | null>;

export type PdfVerdict =
  | {
      authentic: true;
      pdf_sha256: string;
      certificate_id: string;
      state: CertificateState;
      verification_url: string;
    }
  | {
      authentic: false;
      pdf_sha256: string;
      certificate_id: null;
      state: null;
      verification_url: null;
    };

export function pdfSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function verifyPdf(
  bytes: Uint8Array,
  lookup: CertificateLookup,
  now: Date,
): Promise<PdfVerdict> {
  if (bytes.byteLength > MAX_VERIFY_PDF_BYTES) {
    throw payloadTooLarge(`A certificate PDF is at most ${MAX_VERIFY_PDF_BYTES} bytes`, [
      { path: '(body)', message: `${bytes.byteLength} bytes is over the limit` },
    ]);
  }
  const sha256 = pdfSha256(bytes);
  const issued = await lookup(sha256);
  if (!issued) {
    return {
      authentic: false,
      pdf_sha256: sha256,
      certificate_id: null,
      state: null,
      verification_url: null,
    };
  }
  return {
    authentic: true,
    pdf_sha256: sha256,
    certificate_id: issued.certificate_id,
    state: certificateState(issued, now),
    verification_url: issued.verification_url,
  };
}
