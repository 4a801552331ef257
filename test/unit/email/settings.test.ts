import { emailSettingsFromEnv } from '../../../shared/email/settings';

const env = {
  PATHWISE_PUBLIC_URL: 'https://learn.pathwise.example/',
  PATHWISE_EMAIL_SUPPORT_ADDRESS: 'support@pathwise.example',
  PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@pathwise.example',
  PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS:
    'current-secret-0123456789abcdefghij, previous-secret-0123456789abcdefghi',
};

describe('emailSettingsFromEnv', () => {
  it('derives the links from the public origin and splits the secrets, newest first', () => {
    const settings = emailSettingsFromEnv(env);
    expect(settings).toMatchObject({
      brand: { name: 'Pathwise', url: 'https://learn.pathwise.example', logo_url: null },
      preferences_url: 'https://learn.pathwise.example/settings/notifications',
      unsubscribe_url: 'https://learn.pathwise.example/api/v1/email/unsubscribe',
      unsubscribe_secrets: [
        'current-secret-0123456789abcdefghij',
        'previous-secret-0123456789abcdefghi',
      ],
      unsubscribe_token_ttl_seconds: 180 * 24 * 3600,
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('allows plain http for the one-click link only on loopback', () => {
    expect(
      emailSettingsFromEnv({ ...env, PATHWISE_PUBLIC_URL: 'http://127.0.0.1:5050' })
        .unsubscribe_url,
    ).toBe('http://127.0.0.1:5050/api/v1/email/unsubscribe');
    expect(() =>
      emailSettingsFromEnv({ ...env, PATHWISE_PUBLIC_URL: 'http://learn.pathwise.example' }),
    ).toThrow(/unsubscribe_url: Must be an https URL/);
  });

  it('names every missing or weak setting without printing secrets', () => {
    expect(() => emailSettingsFromEnv({})).toThrow(
      /PATHWISE_PUBLIC_URL.*PATHWISE_EMAIL_SUPPORT_ADDRESS/,
    );
    const weak = () =>
      emailSettingsFromEnv({ ...env, PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS: 'short' });
    expect(weak).toThrow(/unsubscribe_secrets\.0: Use at least 32 characters/);
    expect(weak).not.toThrow(/short/);
  });
});
