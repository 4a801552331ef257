import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AuthClient } from 'google-auth-library';
import {
  buildOpenBadgeCredential,
  signCredential,
  verifyCredentialJws,
} from '../../../shared/certificates/credential';
import {
  fetchJwks,
  IamJwsSigner,
  LocalJwsSigner,
  serviceAccountJwksUrl,
  type IamRequester,
  type Jwks,
} from '../../../shared/certificates/signers';

// google-auth-library's clients are what the composition root hands the IAM signer.
const _authClientFits: (client: AuthClient) => IamRequester = (client) => client;

const EMAIL = 'pathwise-certificates@demo-pathwise.iam.gserviceaccount.com';

/**
 * A stand-in for the IAM Credentials API's signBlob with Google-managed keys: it signs with
 * whichever key is current (RSASSA-PKCS1-v1_5 / SHA-256, as Google does) and names it.
 */
class FakeIam implements IamRequester {
  readonly keys = new Map<string, KeyObject>();
  readonly published: Jwks = { keys: [] };
  readonly calls: { url: string; payload: string }[] = [];
  current: string;
  /** Called before each signature: lets a test rotate keys between calls. */
  beforeSign: (call: number) => void = () => undefined;

  constructor(kids: string[]) {
    for (const kid of kids) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.keys.set(kid, privateKey);
      const jwk = publicKey.export({ format: 'jwk' });
      this.published.keys.push({
        kty: 'RSA',
        n: jwk.n as string,
        e: jwk.e as string,
        kid,
        alg: 'RS256',
        use: 'sig',
      });
    }
    this.current = kids[0] as string;
  }

  async request<T>(options: { url: string; method: 'POST'; data: unknown }): Promise<{ data: T }> {
    const { payload } = options.data as { payload: string };
    this.calls.push({ url: options.url, payload });
    this.beforeSign(this.calls.length);
    const signature = createSign('RSA-SHA256')
      .update(Buffer.from(payload, 'base64'))
      .sign(this.keys.get(this.current) as KeyObject);
    return { data: { keyId: this.current, signedBlob: signature.toString('base64') } as T };
  }
}

const credential = buildOpenBadgeCredential({
  fields: {
    certificate_id: '7K3QX9M2R4TB',
    learner_name: 'Иван Петров',
    pathway_id: 'foundations-image-gen',
    pathway_title: 'Foundations of Image Generation',
    completion_date: '2026-11-22',
    duration_minutes: 90,
    difficulty: null,
    instructor_line: null,
    issuer_name: 'Pathwise',
    verification_url: 'https://pathwise.example/verify/7K3QX9M2R4TB',
  },
  issuer: {
    id: 'https://pathwise.example/issuer',
    name: 'Pathwise',
    url: 'https://pathwise.example',
  },
  subjectId: 'urn:pathwise:learner:uid-9',
  achievementId: 'https://pathwise.example/pathways/foundations-image-gen/achievement',
  criteria: '- Completed every required resource of the pathway.',
  issuedAt: new Date('2026-11-22T10:00:00Z'),
  validUntil: new Date('2036-11-22T10:00:00Z'),
});

const header = (jws: string) => Buffer.from(jws.split('.')[0] as string, 'base64url').toString();

describe('IamJwsSigner', () => {
  it('signs through signBlob for the service account and verifies against its JWKS', async () => {
    const iam = new FakeIam(['google-key-1', 'google-key-2']);
    const signer = new IamJwsSigner(iam, EMAIL);
    const { jws, kid } = await signCredential(credential, signer);
    expect(kid).toBe('google-key-1');
    expect(header(jws)).toBe('{"alg":"RS256","typ":"JWT","kid":"google-key-1"}');
    const verified = await verifyCredentialJws(jws, iam.published);
    expect(verified.credential).toEqual(credential);
    // Ten years of validity survive signing: nothing shortens exp as signJwt would.
    expect(JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()).exp).toBe(
      Date.UTC(2036, 10, 22, 10) / 1000,
    );
    expect(iam.calls[0]?.url).toBe(
      'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/pathwise-certificates%40demo-pathwise.iam.gserviceaccount.com:signBlob',
    );
    // One probe to learn the key, one signature; afterwards one call per credential.
    expect(iam.calls).toHaveLength(2);
    await signCredential(credential, signer);
    expect(iam.calls).toHaveLength(3);
  });

  it('signs again naming the new key when Google has moved on to another one', async () => {
    const iam = new FakeIam(['google-key-1', 'google-key-2']);
    const signer = new IamJwsSigner(iam, EMAIL);
    await signCredential(credential, signer);
    iam.current = 'google-key-2';
    const { jws, kid } = await signCredential(credential, signer);
    expect(kid).toBe('google-key-2');
    expect(header(jws)).toContain('"kid":"google-key-2"');
    expect(iam.calls).toHaveLength(4);
    await expect(verifyCredentialJws(jws, iam.published)).resolves.toHaveProperty('credential');
    // Only the key that signed verifies it.
    await expect(
      verifyCredentialJws(jws, {
        keys: iam.published.keys.filter((k) => k.kid === 'google-key-1'),
      }),
    ).rejects.toThrow();
  });

  it('gives up, as a retryable error, when keys keep switching', async () => {
    const iam = new FakeIam(['a', 'b']);
    iam.beforeSign = (call) => {
      iam.current = call % 2 === 0 ? 'a' : 'b';
    };
    const signer = new IamJwsSigner(iam, EMAIL, { maxAttempts: 3 });
    await expect(signCredential(credential, signer)).rejects.toThrow(/kept switching keys/);
  });

  it('rejects an answer that is not a signBlob response', async () => {
    const broken: IamRequester = {
      request: async <T>() => ({ data: { signedJwt: 'x' } as T }),
    };
    await expect(signCredential(credential, new IamJwsSigner(broken, EMAIL))).rejects.toThrow(
      /keyId/,
    );
  });

  it('writes the same header shape as the local signer', async () => {
    const local = await LocalJwsSigner.generate();
    const iam = new FakeIam(['k']);
    const a = header((await signCredential(credential, local)).jws);
    const b = header((await signCredential(credential, new IamJwsSigner(iam, EMAIL))).jws);
    expect(Object.keys(JSON.parse(a))).toEqual(Object.keys(JSON.parse(b)));
  });
});

describe('LocalJwsSigner', () => {
  it('loads the PEM key the local stack generates and names it by its JWK thumbprint', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const a = await LocalJwsSigner.fromPem(pem);
    const b = await LocalJwsSigner.fromPem(pem);
    expect(a.publicJwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.publicJwk).toEqual(b.publicJwk);
    const { jws } = await signCredential(credential, a);
    await expect(verifyCredentialJws(jws, b.jwks())).resolves.toHaveProperty('credential');
  });

  it('refuses a key that is not RSA', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(
      LocalJwsSigner.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).rejects.toThrow('RSA');
  });
});

describe('Google JWKS', () => {
  it('is published per service account', () => {
    expect(serviceAccountJwksUrl(EMAIL)).toBe(
      'https://www.googleapis.com/service_accounts/v1/jwk/pathwise-certificates%40demo-pathwise.iam.gserviceaccount.com',
    );
  });

  it('keeps the RS256 signing keys of a fetched set and refuses a failed fetch', async () => {
    const iam = new FakeIam(['k1']);
    const body = {
      keys: [...iam.published.keys, { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'ec' }],
    };
    const seen: string[] = [];
    const fetchFn = (async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify(body), { status: 200 });
    }) as typeof fetch;
    const jwks = await fetchJwks(serviceAccountJwksUrl(EMAIL), fetchFn);
    expect(jwks.keys.map((k) => k.kid)).toEqual(['k1']);
    expect(seen).toEqual([serviceAccountJwksUrl(EMAIL)]);
    const failing = (async () => new Response('no', { status: 503 })) as unknown as typeof fetch;
    await expect(fetchJwks('https://keys.example/jwks', failing)).rejects.toThrow(/503/);
  });
});
