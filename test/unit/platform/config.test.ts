import { parseConfig } from '../../../shared/config';

describe('config', () => {
  it('derives defaults from the project id and freezes the result', () => {
    const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' });
    expect(config).toMatchObject({
      projectId: 'acme',
      region: 'us-central1',
      submissionsBucket: 'acme-submissions',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the certificates bucket and the public origin, and trims its trailing slash', () => {
    expect(parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' })).toMatchObject({
      certificatesBucket: 'acme-certificates',
      publicBaseUrl: 'https://acme.web.app',
      issuerName: 'Pathwise',
      trustedProxyHops: 1,
    });
    const local = parseConfig({
      GOOGLE_CLOUD_PROJECT: 'acme',
      PATHWISE_PUBLIC_BASE_URL: 'http://127.0.0.1:5000/',
      PATHWISE_TRUSTED_PROXY_HOPS: '0',
    });
    expect(local).toMatchObject({ publicBaseUrl: 'http://127.0.0.1:5000', trustedProxyHops: 0 });
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_PUBLIC_BASE_URL: 'ftp://x' }),
    ).toThrow(/PATHWISE_PUBLIC_BASE_URL/);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({})).toThrow(/GOOGLE_CLOUD_PROJECT/);
    expect(() => parseConfig({ GCLOUD_PROJECT: 'p', PATHWISE_LOG_LEVEL: 'LOUD' })).toThrow(
      /PATHWISE_LOG_LEVEL/,
    );
  });
});
