import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import { AppError } from '../../../shared/errors';
import {
  acceptedAudiences,
  cloudRunVerifiedClaims,
  serviceCallerVerifier,
  serviceToken,
  type ServiceRequest,
  type VerifyServiceCaller,
} from '../../../shared/service-auth';

/**
 * Service-caller verification against real RS256 tokens: only a token signed with a trusted key,
 * unexpired, from Google's issuer, for this function's URL and of the expected account passes.
 */
const TASKS = 'pathwise-tasks-invoker@acme.iam.gserviceaccount.com';
const TRIGGERS = 'pathwise-trigger-invoker@acme.iam.gserviceaccount.com';
const BASE = 'https://us-central1-acme.cloudfunctions.net';
const URL_OF_EXPIRE = `${BASE}/expireUpload`;

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
let signer: OidcSigner;
let verify: VerifyServiceCaller;

beforeAll(async () => {
  signer = await createOidcSigner(privateKeyPem);
  verify = serviceCallerVerifier(new OAuth2Client(), {
    accounts: { 'tasks-invoker': TASKS, 'trigger-invoker': TRIGGERS },
    functionUrl: (name) => `${BASE}/${name}`,
    certs: signer.pemCerts,
    behindCloudRunIam: false,
  });
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT with any header and claims, signed with `key` (RS256). */
function jwt(header: object, claims: object, key = privateKeyPem): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://accounts.google.com',
    aud: URL_OF_EXPIRE,
    sub: '1234',
    email: TASKS,
    email_verified: true,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

const request = (token: string | undefined, url?: string): ServiceRequest => ({
  functionName: 'expireUpload',
  authorization: token === undefined ? undefined : `Bearer ${token}`,
  url,
});

async function refusal(
  token: string | undefined,
  identity: 'tasks-invoker' | 'trigger-invoker' = 'tasks-invoker',
) {
  const error = await verify(request(token), identity).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  if (token) expect((error as AppError).message).not.toContain(token);
  return (error as AppError).code;
}

describe('service caller verification', () => {
  it('accepts a token of the expected account for the function URL', async () => {
    await expect(
      verify(request(signer.sign(TASKS, URL_OF_EXPIRE)), 'tasks-invoker'),
    ).resolves.toBeUndefined();
  });

  it('accepts the URL the request reached as the audience (Eventarc names the Cloud Run URL)', async () => {
    const runUrl = 'https://expireupload-abc123-uc.a.run.app/';
    for (const audience of [runUrl, runUrl.slice(0, -1)]) {
      await expect(
        verify(request(signer.sign(TASKS, audience), runUrl), 'tasks-invoker'),
      ).resolves.toBeUndefined();
    }
  });

  it('refuses a request without a token, or with another scheme', async () => {
    expect(await refusal(undefined)).toBe('unauthenticated');
    await expect(
      verify({ ...request(undefined), authorization: 'Basic dXNlcjpwdw==' }, 'tasks-invoker'),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses unsigned and symmetric tokens before looking at keys', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expect(await refusal(unsigned)).toBe('unauthenticated');
    const hs256 = `${b64({ alg: 'HS256', kid: signer.keyId })}.${b64(claims())}.c2lnbmF0dXJl`;
    expect(await refusal(hs256)).toBe('unauthenticated');
    expect(await refusal('not-a-jwt')).toBe('unauthenticated');
  });

  it('refuses a forged token: right claims and key id, signed with another key', async () => {
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const forged = jwt({ alg: 'RS256', kid: signer.keyId, typ: 'JWT' }, claims(), attackerKey);
    expect(await refusal(forged)).toBe('unauthenticated');
    const ownKeySet = (await createOidcSigner(attackerKey)).sign(TASKS, URL_OF_EXPIRE);
    expect(await refusal(ownKeySet)).toBe('unauthenticated');
  });

  it('refuses a token for another audience, from another issuer, or expired', async () => {
    expect(await refusal(signer.sign(TASKS, `${BASE}/drainOutbox`))).toBe('unauthenticated');
    expect(await refusal(signer.sign(TASKS, 'https://attacker.example/expireUpload'))).toBe(
      'unauthenticated',
    );
    const header = { alg: 'RS256', kid: signer.keyId, typ: 'JWT' };
    expect(await refusal(jwt(header, claims({ iss: 'https://evil.example' })))).toBe(
      'unauthenticated',
    );
    expect(await refusal(signer.sign(TASKS, URL_OF_EXPIRE, Date.now() - 2 * 3600_000))).toBe(
      'unauthenticated',
    );
  });

  it('refuses a valid token of another account, or of an unverified email (403)', async () => {
    expect(await refusal(signer.sign(TRIGGERS, URL_OF_EXPIRE))).toBe('permission_denied');
    expect(await refusal(signer.sign(TASKS, URL_OF_EXPIRE), 'trigger-invoker')).toBe(
      'permission_denied',
    );
    const header = { alg: 'RS256', kid: signer.keyId, typ: 'JWT' };
    expect(await refusal(jwt(header, claims({ email_verified: false })))).toBe('permission_denied');
  });
});

describe('behind Cloud Run IAM, which verifies the token and removes its signature', () => {
  /** What the container sees of a token Cloud Run's IAM check verified. */
  const stripped = (token: string) =>
    `${token.split('.').slice(0, 2).join('.')}.SIGNATURE_REMOVED_BY_GOOGLE`;
  let deployed: VerifyServiceCaller;

  beforeAll(() => {
    // No keys at all: a stripped token must be judged on its claims alone.
    deployed = serviceCallerVerifier(new OAuth2Client(), {
      accounts: { 'tasks-invoker': TASKS, 'trigger-invoker': TRIGGERS },
      functionUrl: (name) => `${BASE}/${name}`,
      certs: {},
      behindCloudRunIam: true,
    });
  });

  it('accepts the expected account for this function', async () => {
    await expect(
      deployed(request(stripped(signer.sign(TASKS, URL_OF_EXPIRE))), 'tasks-invoker'),
    ).resolves.toBeUndefined();
  });

  it('still refuses another account (403), another audience or an expired token (401)', async () => {
    await expect(
      deployed(request(stripped(signer.sign(TRIGGERS, URL_OF_EXPIRE))), 'tasks-invoker'),
    ).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(
      deployed(request(stripped(signer.sign(TASKS, `${BASE}/drainOutbox`))), 'tasks-invoker'),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
    const old = signer.sign(TASKS, URL_OF_EXPIRE, Date.now() - 2 * 3600_000);
    await expect(deployed(request(stripped(old)), 'tasks-invoker')).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('never accepts a stripped token where Cloud Run did not check it (locally)', async () => {
    await expect(
      verify(request(stripped(signer.sign(TASKS, URL_OF_EXPIRE))), 'tasks-invoker'),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('checks issuer, audience and lifetime of the claims, with the usual clock skew', () => {
    const header = { alg: 'RS256', kid: signer.keyId, typ: 'JWT' };
    const now = Math.floor(Date.now() / 1000);
    const token = (overrides: Record<string, unknown>) =>
      stripped(jwt(header, claims({ iat: now, exp: now + 3600, ...overrides })));
    expect(cloudRunVerifiedClaims(token({}), [URL_OF_EXPIRE], now)).toMatchObject({
      email: TASKS,
    });
    expect(cloudRunVerifiedClaims(token({}), [URL_OF_EXPIRE], now + 3600 + 299).email).toBe(TASKS);
    for (const [bad, at] of [
      [{ iss: 'https://evil.example' }, now],
      [{ aud: 'https://evil.example' }, now],
      [{}, now + 3600 + 301],
      [{ iat: now + 400 }, now],
      [{ exp: 'later' }, now],
    ] as const) {
      expect(() => cloudRunVerifiedClaims(token(bad), [URL_OF_EXPIRE], at)).toThrow(AppError);
    }
    expect(() => cloudRunVerifiedClaims('a.%%%.b', [URL_OF_EXPIRE], now)).toThrow(AppError);
  });
});

describe("Google's published keys", () => {
  let server: http.Server;
  let certsUrl: string;
  let served: Record<string, string> | undefined;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      if (!served) {
        res.statusCode = 503;
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    certsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v1/certs`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const googleVerifier = () =>
    serviceCallerVerifier(
      new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } }),
      {
        accounts: { 'tasks-invoker': TASKS, 'trigger-invoker': TRIGGERS },
        functionUrl: (name) => `${BASE}/${name}`,
        behindCloudRunIam: false,
      },
    );

  it('verifies against the keys fetched from the certs endpoint when none are configured', async () => {
    served = signer.pemCerts;
    await expect(
      googleVerifier()(request(signer.sign(TASKS, URL_OF_EXPIRE)), 'tasks-invoker'),
    ).resolves.toBeUndefined();
  });

  it('answers unavailable (retried), not unauthenticated, when the keys cannot be fetched', async () => {
    served = undefined;
    await expect(
      googleVerifier()(request(signer.sign(TASKS, URL_OF_EXPIRE)), 'tasks-invoker'),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('token shape and audiences', () => {
  it('takes only RS256 bearer tokens with a key id', () => {
    const token = signer.sign(TASKS, URL_OF_EXPIRE);
    expect(serviceToken(`Bearer ${token}`)).toBe(token);
    expect(() => serviceToken(`Bearer ${b64({ alg: 'RS256' })}.${b64(claims())}.x`)).toThrow(
      AppError,
    );
  });

  it('accepts the configured URL and the reached URL, nothing else', () => {
    expect(acceptedAudiences(request(undefined), URL_OF_EXPIRE)).toEqual([URL_OF_EXPIRE]);
    expect(acceptedAudiences(request(undefined, 'https://x.a.run.app/'), URL_OF_EXPIRE)).toEqual([
      URL_OF_EXPIRE,
      'https://x.a.run.app/',
      'https://x.a.run.app',
    ]);
  });
});
