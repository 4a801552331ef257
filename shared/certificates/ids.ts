import { randomBytes } from 'node:crypto';

/**
 * Certificate ids are the public verification code printed on the PDF and in its QR code:
 * 12 characters of Crockford base32 (60 random bits), unguessable without being painful to
 * type. Crockford's alphabet leaves out I, L, O and U, so what people misread or mistype can be
 * mapped back: `i`/`l` → 1, `o` → 0, lowercase → uppercase, hyphens and spaces dropped.
 * Uniqueness is the repository's job (create-if-absent, new id on collision); at 2^60 ids a
 * collision is an event the code handles, not one anyone will see.
 */

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CERTIFICATE_ID_LENGTH = 12;

const CANONICAL = new RegExp(`^[${CROCKFORD_ALPHABET}]{${CERTIFICATE_ID_LENGTH}}$`);

/** A fresh id; `random` is injectable so tests can pin the bytes. */
export function newCertificateId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(CERTIFICATE_ID_LENGTH);
  let id = '';
  // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
  for (const byte of bytes) id += CROCKFORD_ALPHABET[byte & 31];
  return id;
}

export function isCertificateId(value: string): boolean {
  return CANONICAL.test(value);
}

/** What a person typed → the canonical id, or null when it cannot be one. */
export function normalizeCertificateId(input: string): string | null {
  const canonical = input
    .replace(/[\s-]+/g, '')
    .toUpperCase()
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return isCertificateId(canonical) ? canonical : null;
}

/** `7K3QX9M2R4TB` → `7K3Q-X9M2-R4TB`, for people reading it aloud. */
export function groupCertificateId(id: string): string {
  return id.match(/.{1,4}/g)?.join('-') ?? id;
}
