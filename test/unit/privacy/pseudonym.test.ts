import { pseudonymOf } from '../../../shared/privacy/pseudonym';

describe('pseudonymOf', () => {
  const secret = 'a-secret-of-at-least-thirty-two-chars';

  it('is stable for one account and differs between accounts and keys', () => {
    const a = pseudonymOf(secret, 'uid-a');
    expect(a).toMatch(/^anon_[0-9a-f]{32}$/);
    expect(pseudonymOf(secret, 'uid-a')).toBe(a);
    expect(pseudonymOf(secret, 'uid-b')).not.toBe(a);
    expect(pseudonymOf(`${secret}!`, 'uid-a')).not.toBe(a);
  });

  it('does not contain the uid', () => {
    expect(pseudonymOf(secret, 'abc')).not.toContain('abc');
  });
});
