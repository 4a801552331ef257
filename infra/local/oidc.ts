/**
 * Google-like OIDC ID tokens for the local stack. In the cloud, Cloud Tasks, Eventarc and Pub/Sub
 * push ask Google to mint an ID token for a service account; locally nobody can, so the stack
 * mints look-alikes with one key pair of its own, for the Cloud Tasks emulator, the Storage
 * emulator's Eventarc-style deliveries and the local Pub/Sub delivery. Functions verify them
 * exactly as they verify Google's (RS256, `kid`, iss, aud, email), only against this key set
 * (handed to them as `PATHWISE_LOCAL_OIDC_CERTS`) instead of Google's published certs.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPair,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export const OIDC_ISSUER = 'https://accounts.google.com';
const TOKEN_LIFETIME_SECONDS = 3600;

export interface OidcClaims {
  iss: string;
  aud: string;
  azp: string;
  sub: string;
  email: string;
  email_verified: boolean;
  iat: number;
  exp: number;
}

export interface OidcSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** The key set in the format of Google's `oauth2/v3/certs`. */
  readonly jwks: { keys: JsonWebKey[] };
  /** Key id → PEM, the format of Google's `oauth2/v1/certs` (public keys, not certificates). */
  readonly pemCerts: Record<string, string>;
  sign(serviceAccountEmail: string, audience: string, nowMs?: number): string;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Google puts a service account's numeric unique id in `sub`; a stable number derived from the
 * email keeps handlers that key on `sub` working across restarts.
 */
function subjectFor(email: string): string {
  const digest = createHash('sha256').update(email).digest();
  return `1${(digest.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, '0')}`;
}

function generateRsaKey(): Promise<KeyObject> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, priv) =>
      err ? reject(err) : resolve(priv),
    ),
  );
}

/**
 * A signer over a fresh 2048-bit key pair, or over `privateKeyPem` (PKCS#8) when a harness has
 * to sign with the same key from another process or module registry.
 */
export async function createOidcSigner(privateKeyPem?: string): Promise<OidcSigner> {
  const privateKey = privateKeyPem ? createPrivateKey(privateKeyPem) : await generateRsaKey();
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  const jwk: JsonWebKey = {
    ...publicKey.export({ format: 'jwk' }),
    kid: keyId,
    alg: 'RS256',
    use: 'sig',
  };
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: keyId, typ: 'JWT' }));

  return {
    keyId,
    publicKeyPem,
    jwks: { keys: [jwk] },
    pemCerts: { [keyId]: publicKeyPem },
    sign(serviceAccountEmail, audience, nowMs = Date.now()) {
      const iat = Math.floor(nowMs / 1000);
      const sub = subjectFor(serviceAccountEmail);
      const claims: OidcClaims = {
        iss: OIDC_ISSUER,
        aud: audience,
        azp: sub,
        sub,
        email: serviceAccountEmail,
        email_verified: true,
        iat,
        exp: iat + TOKEN_LIFETIME_SECONDS,
      };
      const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
      const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
      return `${signingInput}.${base64url(signature)}`;
    },
  };
}
