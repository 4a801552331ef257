import { parseConfig } from '../../../infra/hosting/src/config';

describe('the console’s configuration (/__/firebase/init.json)', () => {
  it('takes Hosting’s init.json as is, with the default region', () => {
    expect(
      parseConfig({ projectId: 'p', apiKey: 'k', authDomain: 'p.firebaseapp.com', appId: 'a' }),
    ).toEqual({
      projectId: 'p',
      apiKey: 'k',
      authDomain: 'p.firebaseapp.com',
      appId: 'a',
      region: 'us-central1',
    });
  });

  it('reads the emulators the local host names', () => {
    const config = parseConfig({
      projectId: 'demo-pathwise',
      apiKey: 'k',
      region: 'europe-west1',
      emulators: {
        authUrl: 'http://127.0.0.1:9099',
        firestore: { host: '127.0.0.1', port: 8080 },
        functionsOrigin: 'http://127.0.0.1:5001',
      },
    });
    expect(config.region).toBe('europe-west1');
    expect(config.emulators?.firestore).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it('refuses a configuration it cannot run on, saying what is missing', () => {
    expect(() => parseConfig(null)).toThrow('not an object');
    expect(() => parseConfig({ apiKey: 'k' })).toThrow('has no projectId');
    expect(() =>
      parseConfig({ projectId: 'p', apiKey: 'k', emulators: { authUrl: 'x', firestore: {} } }),
    ).toThrow('emulators.firestore needs host and port');
  });
});
