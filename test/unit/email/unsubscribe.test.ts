import fc from 'fast-check';
import { OPTIONAL_CATEGORIES } from '../../../shared/email/model';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../../shared/email/unsubscribe';

const secret = 'k'.repeat(16) + 'unsubscribe-secret-01';
const now = new Date('2025-03-10T09:00:00Z');
const day = 24 * 3600;
const sign = (uid = 'uid-amara', category = 'progress_reports' as const, at = now) =>
  signUnsubscribeToken({ uid, category }, { secret, now: at, ttlSeconds: 30 * day });

describe('unsubscribe tokens', () => {
  it('round-trip the user and category for every optional category', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 128 }),
        fc.constantFrom(...OPTIONAL_CATEGORIES),
        (uid, category) => {
          const token = signUnsubscribeToken({ uid, category }, { secret, now, ttlSeconds: day });
          const check = verifyUnsubscribeToken(token, { secrets: [secret], now });
          expect(check).toEqual({
            ok: true,
            scope: { uid, category },
            expiresAt: new Date(now.getTime() + day * 1000),
          });
        },
      ),
    );
  });

  it('are URL-safe', () => {
    expect(sign()).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuse a token whose payload was changed to another user or category', () => {
    const [payload, signature] = sign().split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    for (const forged of [
      { ...decoded, u: 'uid-somebody-else' },
      { ...decoded, c: 'announcements' },
      { ...decoded, e: decoded.e + 365 * day },
    ]) {
      const tampered = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
      expect(verifyUnsubscribeToken(tampered, { secrets: [secret], now })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('refuse any single flipped character', () => {
    const token = sign();
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), (i) => {
        if (token[i] === '.') return;
        const replacement = token[i] === 'A' ? 'B' : 'A';
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyUnsubscribeToken(tampered, { secrets: [secret], now }).ok).toBe(false);
      }),
    );
  });

  it('refuse a token signed with another secret, and accept it once that secret is listed', () => {
    const other = 'another-secret-that-is-long-enough-0001';
    const token = signUnsubscribeToken(
      { uid: 'uid-amara', category: 'announcements' },
      { secret: other, now, ttlSeconds: day },
    );
    expect(verifyUnsubscribeToken(token, { secrets: [secret], now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyUnsubscribeToken(token, { secrets: [secret, other], now }).ok).toBe(true);
  });

  it('expire after their time to live', () => {
    const token = sign();
    const justBefore = new Date(now.getTime() + 30 * day * 1000 - 1000);
    const atExpiry = new Date(now.getTime() + 30 * day * 1000);
    expect(verifyUnsubscribeToken(token, { secrets: [secret], now: justBefore }).ok).toBe(true);
    expect(verifyUnsubscribeToken(token, { secrets: [secret], now: atExpiry })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('call malformed input malformed', () => {
    for (const junk of [
      '',
      'abc',
      'a.b.c',
      `${'x'.repeat(20)}.${'y'.repeat(10)}`,
      'é'.repeat(80),
    ]) {
      expect(verifyUnsubscribeToken(junk, { secrets: [secret], now })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });
});
