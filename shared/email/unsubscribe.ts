import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OptionalCategorySchema, type OptionalCategory } from './model';

/**
 * One-click unsubscribe tokens (RFC 8058): the link in a mail's `List-Unsubscribe` header and
 * footer must work without signing in, so it carries who and which category, signed with HMAC.
 * Several secrets may verify (the first signs), so a secret can be rotated without breaking
 * links already delivered.
 */
export interface UnsubscribeScope {
  uid: string;
  category: OptionalCategory;
}

export type TokenCheck =
  | { ok: true; scope: UnsubscribeScope; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const DOMAIN = 'pathwise-unsubscribe.v1';
const PayloadSchema = z.object({
  v: z.literal(1),
  u: z.string().min(1).max(128),
  c: OptionalCategorySchema,
  e: z.number().int().positive(),
});
const TokenShape = /^[A-Za-z0-9_-]{16,512}\.[A-Za-z0-9_-]{43}$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${DOMAIN}.${payload}`).digest();
}

export function signUnsubscribeToken(
  scope: UnsubscribeScope,
  options: { secret: string; now: Date; ttlSeconds: number },
): string {
  const expires = Math.floor(options.now.getTime() / 1000) + options.ttlSeconds;
  const payload = Buffer.from(
    JSON.stringify({ v: 1, u: scope.uid, c: scope.category, e: expires }),
  ).toString('base64url');
  return `${payload}.${mac(options.secret, payload).toString('base64url')}`;
}

export function verifyUnsubscribeToken(
  token: string,
  options: { secrets: readonly string[]; now: Date },
): TokenCheck {
  if (!TokenShape.test(token)) return { ok: false, reason: 'malformed' };
  const [payload, signature] = token.split('.') as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const signed = options.secrets.some((secret) => {
    const expected = mac(secret, payload);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!signed) return { ok: false, reason: 'bad_signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = PayloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(parsed.data.e * 1000);
  if (expiresAt.getTime() <= options.now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, scope: { uid: parsed.data.u, category: parsed.data.c }, expiresAt };
}
