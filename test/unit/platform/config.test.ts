import { servicesFromEnvironment } from '../../../functions/services';
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
      PATHWISE_PUBLIC_URL: 'http://127.0.0.1:5000/',
      PATHWISE_TRUSTED_PROXY_HOPS: '0',
    });
    expect(local).toMatchObject({ publicBaseUrl: 'http://127.0.0.1:5000', trustedProxyHops: 0 });
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_PUBLIC_URL: 'ftp://x' }),
    ).toThrow(/PATHWISE_PUBLIC_URL/);
  });

  it("sends each queue's tasks to its handler's deployed URL when the deploy plan names it", () => {
    expect(parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' }).taskTargetUrls).toEqual({
      expireUpload: 'https://us-central1-acme.cloudfunctions.net/expireUpload',
      startGeneration: 'https://us-central1-acme.cloudfunctions.net/startGeneration',
      sendWeeklyReport: 'https://us-central1-acme.cloudfunctions.net/sendWeeklyReport',
      applyWeeklyAdjustment: 'https://us-central1-acme.cloudfunctions.net/applyWeeklyAdjustment',
      pushStatement: 'https://us-central1-acme.cloudfunctions.net/pushStatement',
    });
    const start = 'https://startgeneration-abc123-ew.a.run.app';
    expect(
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_START_GENERATION_URL: start })
        .taskTargetUrls.startGeneration,
    ).toBe(start);
    const url = 'https://expireupload-abc123-ew.a.run.app';
    const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_EXPIRE_UPLOAD_URL: url });
    expect(config.taskTargetUrls.expireUpload).toBe(url);
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_EXPIRE_UPLOAD_URL: 'not a url' }),
    ).toThrow(/PATHWISE_EXPIRE_UPLOAD_URL/);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({})).toThrow(/GOOGLE_CLOUD_PROJECT/);
    expect(() => parseConfig({ GCLOUD_PROJECT: 'p', PATHWISE_LOG_LEVEL: 'LOUD' })).toThrow(
      /PATHWISE_LOG_LEVEL/,
    );
  });
});

describe('service callers', () => {
  const pem = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n';

  it('names the invokers of task and event functions after the project by default', () => {
    expect(parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' })).toMatchObject({
      tasksInvoker: 'pathwise-tasks-invoker@acme.iam.gserviceaccount.com',
      triggerInvoker: 'pathwise-trigger-invoker@acme.iam.gserviceaccount.com',
      localOidcCerts: undefined,
    });
  });

  it("reads the local stack's OIDC keys in Google's v1 certs format", () => {
    const config = parseConfig({
      GOOGLE_CLOUD_PROJECT: 'demo-x',
      PATHWISE_LOCAL_OIDC_CERTS: JSON.stringify({ kid1: pem }),
    });
    expect(config.localOidcCerts).toEqual({ kid1: pem });
  });

  it.each([
    ['not JSON', 'kid1=PEM', /Expected JSON/],
    ['an empty key set', '{}', /at least one key/],
    ['not a PEM', JSON.stringify({ kid1: 'secret' }), /PEM public key/],
  ])('refuses local OIDC certs that are %s', (_what, value, message) => {
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'demo-x', PATHWISE_LOCAL_OIDC_CERTS: value }),
    ).toThrow(message);
  });
});

describe('a deployed function with local settings (security finding 8)', () => {
  const deployed = {
    GOOGLE_CLOUD_PROJECT: 'acme',
    K_SERVICE: 'setuserrole',
    PATHWISE_PUBLIC_URL: 'https://acme.web.app',
    PATHWISE_EMAIL_SUPPORT_ADDRESS: 'support@acme.web.app',
    PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@acme.web.app',
    PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS: 'acme-unsubscribe-secret-0123456789abcdef',
  };

  it.each([
    'FIREBASE_AUTH_EMULATOR_HOST',
    'FIRESTORE_EMULATOR_HOST',
    'PUBSUB_EMULATOR_HOST',
    'STORAGE_EMULATOR_HOST',
    'CLOUD_TASKS_EMULATOR_HOST',
    'PATHWISE_LOCAL_OIDC_CERTS',
  ])('refuses to start with %s set', (name) => {
    expect(() => parseConfig({ ...deployed, [name]: '127.0.0.1:9099' })).toThrow(
      new RegExp(`Refusing to start: K_SERVICE=setuserrole .*${name} is set`),
    );
  });

  it('names every such variable at once', () => {
    expect(() =>
      parseConfig({
        ...deployed,
        FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099',
        FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
      }),
    ).toThrow(/FIREBASE_AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST are set/);
  });

  it('refuses even an empty emulator variable, which the SDKs may still read', () => {
    expect(() => parseConfig({ ...deployed, FIREBASE_AUTH_EMULATOR_HOST: '' })).toThrow(
      /Refusing to start/,
    );
  });

  it('starts deployed without them, and locally with them', () => {
    expect(parseConfig(deployed)).toMatchObject({
      projectId: 'acme',
      cloudRunService: 'setuserrole',
    });
    expect(
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'demo-x', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' })
        .projectId,
    ).toBe('demo-x');
  });

  it('refuses to start deployed without the unsubscribe secrets, and reads the mail settings', () => {
    const { PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS: _secret, ...withoutSecret } = deployed;
    expect(() => parseConfig(withoutSecret)).toThrow(/PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS/);
    expect(parseConfig(deployed).email).toMatchObject({
      unsubscribe_url: 'https://acme.web.app/api/v1/email/unsubscribe',
      unsubscribe_secrets: ['acme-unsubscribe-secret-0123456789abcdef'],
    });
    expect(parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' }).email).toBeNull();
  });

  it("stops the deployed entry point's composition root, before any function exists", () => {
    expect(() =>
      servicesFromEnvironment({ ...deployed, FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }),
    ).toThrow(/Refusing to start/);
  });
});
