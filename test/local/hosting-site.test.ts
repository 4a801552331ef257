import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostingPublicDir, hostingSite, localInitJson } from '../../infra/local/hosting-site';

let dir: string;
let server: Server;
let origin: string;

/** The site in front of a stand-in for the rewrites, which answers 418 for what falls through. */
async function serve(publicDir: string): Promise<void> {
  const site = hostingSite({ publicDir, initJson: () => ({ projectId: 'demo-x', apiKey: 'k' }) });
  server = createServer((req, res) => {
    void site(req, res).then((served) => {
      if (!served) res.writeHead(418).end('rewrites');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hosting-'));
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the Hosting site, locally', () => {
  it('serves the built console at / with its hashed assets, and leaves the rest to the rewrites', async () => {
    const publicDir = path.join(dir, 'public');
    mkdirSync(path.join(publicDir, 'assets'), { recursive: true });
    writeFileSync(path.join(publicDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(publicDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not public');
    await serve(publicDir);

    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>console</title>');

    const script = await fetch(`${origin}/assets/index-abc.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');

    expect((await fetch(`${origin}/api/v1/pathways`)).status).toBe(418);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(418);
    expect((await fetch(`${origin}/%2e%2e/secret.txt`)).status).toBe(418);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(418);
  });

  it('answers /__/firebase/init.json, and says so when the console is not built', async () => {
    await serve(path.join(dir, 'absent'));
    const init = await fetch(`${origin}/__/firebase/init.json`);
    expect(init.headers.get('cache-control')).toBe('no-store');
    expect(await init.json()).toEqual({ projectId: 'demo-x', apiKey: 'k' });
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('npm run build');
  });

  it('configures the console for the emulators of the run', () => {
    const json = localInitJson(
      {
        GCLOUD_PROJECT: 'demo-pathwise',
        FUNCTION_REGION: 'us-central1',
        FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:17099',
        FIRESTORE_EMULATOR_HOST: '[::1]:16080',
        PATHWISE_FIREBASE_API_KEY: 'local-key',
      },
      'http://127.0.0.1:5001',
    );
    expect(json).toEqual({
      projectId: 'demo-pathwise',
      apiKey: 'local-key',
      authDomain: 'demo-pathwise.firebaseapp.com',
      region: 'us-central1',
      emulators: {
        authUrl: 'http://127.0.0.1:17099',
        firestore: { host: '::1', port: 16080 },
        functionsOrigin: 'http://127.0.0.1:5001',
      },
    });
  });

  it('reads the public folder from firebase.json', () => {
    expect(hostingPublicDir(path.resolve(__dirname, '..', '..', 'firebase.json'))).toBe(
      path.resolve(__dirname, '..', '..', 'infra', 'hosting', 'public'),
    );
  });
});
