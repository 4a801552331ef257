/**
 * OIDC tokens for tasks that carry `oidcToken`. Cloud Tasks asks Google to mint an ID token for
 * the service account; locally nobody can, so the emulator mints look-alikes with a key pair of
 * its own. Handlers verify them exactly as they would Google's (RS256, `kid`, iss, aud, email),
 * only against the emulator's keys instead of https://www.googleapis.com/oauth2/v3/certs.
 */
import {
  createHash,
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

export async function createOidcSigner(): Promise<OidcSigner> {
  const { publicKey, privateKey } = await new Promise<{
    publicKey: KeyObject;
    privateKey: KeyObject;
  }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, pub, priv) =>
      err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
    ),
  );
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
