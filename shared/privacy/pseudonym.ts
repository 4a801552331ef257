import { createHmac } from 'node:crypto';

/**
 * The pseudonymous id a deleted account's remaining records keep: an HMAC of the uid under a
 * secret key, so the same account always maps to the same id (a re-run, an auditor following one
 * person's entries) while nobody without the key can tell whose it was, or test a guessed uid.
 */
export function pseudonymOf(secret: string, uid: string): string {
  return `anon_${createHmac('sha256', secret).update(`account:${uid}`).digest('hex').slice(0, 32)}`;
}
