import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { buildFunctions } from '../../functions/definitions';
import { registerFunctions } from '../../functions/register';
import { createServices } from '../../functions/services';
import { createOidcSigner, type OidcSigner } from '../../infra/local/oidc';
import { parseConfig } from '../../shared/config';

/**
 * The edge guards inside functions-framework's own server, with no emulator behind it: what is
 * refused before any of our code needs a client (bad paths, unreadable bodies, callers without a
 * token) is answered as JSON, and logged as one line that carries nothing of the body.
 */
let servers: Server[] = [];
let signer: OidcSigner;
const config = { GOOGLE_CLOUD_PROJECT: 'demo-edge', PATHWISE_LOG_LEVEL: 'INFO' };
const expireUploadUrl = 'https://us-central1-demo-edge.cloudfunctions.net/expireUpload';

beforeAll(async () => {
  // Verifying a service caller needs no client: the keys come from the configuration.
  signer = await createOidcSigner();
  registerFunctions(
    buildFunctions(
      createServices(
        parseConfig({ ...config, PATHWISE_LOCAL_OIDC_CERTS: JSON.stringify(signer.pemCerts) }),
      ),
    ),
  );
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

async function serve(name: string): Promise<string> {
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function capturingLogs<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const collect = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  process.stdout.write = collect as typeof process.stdout.write;
  process.stderr.write = collect as typeof process.stderr.write;
  try {
    return { result: await work(), lines };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('functions-framework edge', () => {
  it('answers a bad percent-escape in the path as JSON, before anything else runs', async () => {
    const base = await serve('catalogApi');
    const response = await fetch(`${base}/api/v1/pathways/%ZZ`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_argument', details: [{ path: 'path' }] },
    });
  });

  it('refuses a caller without a token before it looks at the body', async () => {
    const base = await serve('expireUpload');
    const response = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"submission_id": ',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('logs a malformed body as one structured line without the body, and answers JSON', async () => {
    const base = await serve('expireUpload');
    const secret = `hunter2-${Date.now()}`;
    const token = signer.sign(
      'pathwise-tasks-invoker@demo-edge.iam.gserviceaccount.com',
      expireUploadUrl,
    );
    const { result, lines } = await capturingLogs(() =>
      fetch(`${base}/`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'X-Request-Id': 'edge-guards-test-1',
        },
        body: `{"password": "${secret}", `,
      }),
    );
    expect(result.status).toBe(400);
    const body = (await result.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'invalid_argument' });
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules/);
    const mine = lines.filter((line) => line.includes('edge-guards-test-1'));
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0] as string)).toMatchObject({
      severity: 'INFO',
      event: 'request_rejected',
      code: 'invalid_argument',
    });
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('patches the same body-parser and Express functions-framework builds its server from', () => {
    const framework = require.resolve('@google-cloud/functions-framework');
    for (const name of ['body-parser', 'express']) {
      expect(require.resolve(name, { paths: [framework] })).toBe(require.resolve(name));
    }
  });
});
