import type { CertificateDoc, CertificateState } from './model';

/**
 * A certificate's public state is derived, never stored, so expiry needs no scheduled job.
 * Precedence, strongest first:
 *
 *   1. revoked    — an administrator withdrew it; the reason is shown. Nothing outranks a
 *                   withdrawal, not even a later correction (a revoked certificate that was also
 *                   reissued stays revoked; `superseded_by` still points to the new one).
 *   2. superseded — a correction replaced it; the answer points to the certificate to trust
 *                   now, which is more useful than "expired" when both apply.
 *   3. expired    — `now` is at or past `valid_until` (VC 2.0: validUntil is the instant it
 *                   ceases to be valid).
 *   4. valid
 */
export function certificateState(
  doc: Pick<CertificateDoc, 'revoked_at' | 'superseded_by' | 'valid_until'>,
  now: Date,
): CertificateState {
  if (doc.revoked_at !== null) return 'revoked';
  if (doc.superseded_by !== null) return 'superseded';
  if (doc.valid_until !== null && now.getTime() >= doc.valid_until.toMillis()) return 'expired';
  return 'valid';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `valid_for_days` after the issue instant, in exact days; null when the pathway sets none. */
export function validUntilFor(issuedAt: Date, validForDays: number | null): Date | null {
  return validForDays === null ? null : new Date(issuedAt.getTime() + validForDays * DAY_MS);
}
