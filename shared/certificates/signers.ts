import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { loadJose } from './jose';

/**
 * Who signs credentials. Both signers produce the same compact JWS shape, the one Open Badges
 * 3.0 prescribes for its JSON Web Token proof: header `{"alg":"RS256","typ":"JWT","kid":…}`
 * (no other header parameters), signed with RSASSA-PKCS1-v1_5 / SHA-256.
 *
 * - `LocalJwsSigner`: a private key held in memory — the local stack's generated key.
 * - `IamJwsSigner`: the issuing service account's Google-managed keys through the IAM
 *   Credentials API, so there is no key to store or rotate. Google publishes the public keys as
 *   a JWKS at `https://www.googleapis.com/service_accounts/v1/jwk/{email}`.
 *
 * The IAM signer calls `signBlob`, not `signJwt`: `signJwt` adds `exp` = now + 1 h to any
 * payload without one and rejects an `exp` more than 12 h ahead, so every credential it signed
 * would read as expired to a JWT or Open Badges verifier within hours. `signBlob` signs the JWS
 * signing input as given, with the same keys, and names the key it used.
 */

export interface SignedJws {
  /** Compact serialization `header.payload.signature`. */
  jws: string;
  /** The `kid` in the header: the key that signed. */
  kid: string;
}

export interface JwsSigner {
  /** Signs `payload` (the JWT claims set, UTF-8 JSON) as an RS256 compact JWS. */
  sign(payload: Uint8Array): Promise<SignedJws>;
}

export const PublicJwkSchema = z.looseObject({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal('RS256').optional(),
  use: z.literal('sig').optional(),
});
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

export const JwksSchema = z.object({ keys: z.array(PublicJwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

/** The JOSE header both signers write; `kid` is the only part that varies. */
export function joseHeader(kid: string): { alg: 'RS256'; typ: 'JWT'; kid: string } {
  return { alg: 'RS256', typ: 'JWT', kid };
}

function base64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

// ---------- local ----------

export class LocalJwsSigner implements JwsSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    /** The public half, `kid` = its RFC 7638 thumbprint. */
    readonly publicJwk: PublicJwk,
  ) {}

  /** From a PKCS#8 or PKCS#1 PEM RSA key, e.g. the stack's `PATHWISE_SIGNING_KEY`. */
  static async fromPem(pem: string): Promise<LocalJwsSigner> {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The signing key must be RSA');
    const jose = await loadJose();
    const exported = await jose.exportJWK(privateKey);
    const publicPart = { kty: 'RSA' as const, n: exported.n as string, e: exported.e as string };
    const kid = await jose.calculateJwkThumbprint(publicPart, 'sha256');
    return new LocalJwsSigner(
      privateKey,
      PublicJwkSchema.parse({ ...publicPart, kid, alg: 'RS256', use: 'sig' }),
    );
  }

  /** A fresh 2048-bit key, as the local stack makes one at start. */
  static async generate(): Promise<LocalJwsSigner> {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return LocalJwsSigner.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }

  jwks(): Jwks {
    return { keys: [this.publicJwk] };
  }

  async sign(payload: Uint8Array): Promise<SignedJws> {
    const jose = await loadJose();
    const jws = await new jose.CompactSign(payload)
      .setProtectedHeader(joseHeader(this.publicJwk.kid))
      .sign(this.privateKey);
    return { jws, kid: this.publicJwk.kid };
  }
}

// ---------- IAM ----------

/** The slice of google-auth-library's `AuthClient` the IAM signer uses. */
export interface IamRequester {
  request<T>(options: { url: string; method: 'POST'; data: unknown }): Promise<{ data: T }>;
}

const SignBlobResponseSchema = z.object({
  keyId: z.string().min(1),
  signedBlob: z.string().min(1),
});

const PROBE = new TextEncoder().encode('pathwise: which key signs now?');

export class IamJwsSigner implements JwsSigner {
  /** The key Google used last; the header names it before signing, so it is guessed, then checked. */
  private currentKid: string | null = null;

  constructor(
    private readonly client: IamRequester,
    readonly serviceAccountEmail: string,
    private readonly options: { endpoint?: string; maxAttempts?: number } = {},
  ) {}

  /**
   * The header must name the key before Google picks one; Google uses each key for up to two
   * weeks and ramps between keys gradually. So: sign with the last key seen, and if Google
   * answers with another key id, sign again naming that one. The result always names the key
   * that actually signed.
   */
  async sign(payload: Uint8Array): Promise<SignedJws> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    let kid = this.currentKid ?? (await this.signBlob(PROBE)).keyId;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const signingInput = `${base64url(JSON.stringify(joseHeader(kid)))}.${base64url(payload)}`;
      const { keyId, signature } = await this.signBlob(new TextEncoder().encode(signingInput));
      this.currentKid = keyId;
      if (keyId === kid) return { jws: `${signingInput}.${base64url(signature)}`, kid };
      kid = keyId;
    }
    // Transient by nature (keys were rotating under us): the caller's retry will settle it.
    throw new Error(`IAM signBlob kept switching keys over ${maxAttempts} attempts`);
  }

  private async signBlob(bytes: Uint8Array): Promise<{ keyId: string; signature: Buffer }> {
    const endpoint = this.options.endpoint ?? 'https://iamcredentials.googleapis.com';
    const name = `projects/-/serviceAccounts/${encodeURIComponent(this.serviceAccountEmail)}`;
    const response = await this.client.request<unknown>({
      url: `${endpoint}/v1/${name}:signBlob`,
      method: 'POST',
      data: { payload: Buffer.from(bytes).toString('base64') },
    });
    const parsed = SignBlobResponseSchema.parse(response.data);
    return { keyId: parsed.keyId, signature: Buffer.from(parsed.signedBlob, 'base64') };
  }
}

/** Google's published JWKS for a service account's Google-managed keys. */
export function serviceAccountJwksUrl(serviceAccountEmail: string): string {
  return `https://www.googleapis.com/service_accounts/v1/jwk/${encodeURIComponent(serviceAccountEmail)}`;
}

/**
 * Fetches and validates a JWKS. Google publishes a managed key only from shortly before its
 * first use until about six hours after its last, so the issuer must archive the key of every
 * `kid` it signed with and serve those itself; credentials outlive Google's list by years.
 */
export async function fetchJwks(url: string, fetchFn: typeof fetch = fetch): Promise<Jwks> {
  const response = await fetchFn(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
  const body: unknown = await response.json();
  // Keep only RS256 signing keys; anything else in a published set is not ours to trust.
  const keys = z.object({ keys: z.array(z.unknown()) }).parse(body).keys;
  return {
    keys: keys.flatMap((key) => {
      const parsed = PublicJwkSchema.safeParse(key);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}
