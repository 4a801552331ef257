import type { CertificatesRepository } from './repository';
import {
  fetchJwks,
  serviceAccountJwksUrl,
  type IamJwsSigner,
  type Jwks,
  type JwsSigner,
  type LocalJwsSigner,
  type PublicJwk,
} from './signers';

/**
 * The keys credentials are signed with, and where their public halves come from.
 *
 * - Locally: the stack's generated key; its public half is known at once.
 * - In the cloud: the issuing service account's Google-managed keys (IAM signBlob); Google
 *   publishes each public key only while the key is in use, so the first time a key id signs,
 *   its public key is fetched from Google's JWKS and archived in Firestore. The issuer's JWKS is
 *   the archive: every key that ever signed, however long ago Google dropped it.
 */
export interface CredentialKeys {
  signer(): Promise<JwsSigner>;
  /** The public key of a key id this signer used, or null if nobody publishes it (yet). */
  publicKey(kid: string): Promise<PublicJwk | null>;
  /** Keys to list even before they signed anything (the local key). */
  standing(): Promise<PublicJwk[]>;
}

export function localCredentialKeys(load: () => Promise<LocalJwsSigner>): CredentialKeys {
  let signer: Promise<LocalJwsSigner> | undefined;
  const get = () => (signer ??= load());
  return {
    signer: get,
    publicKey: async (kid) => {
      const jwk = (await get()).publicJwk;
      return jwk.kid === kid ? jwk : null;
    },
    standing: async () => [(await get()).publicJwk],
  };
}

export function googleCredentialKeys(
  signer: IamJwsSigner,
  fetchFn: typeof fetch = fetch,
): CredentialKeys {
  return {
    signer: async () => signer,
    publicKey: async (kid) => {
      const published = await fetchJwks(serviceAccountJwksUrl(signer.serviceAccountEmail), fetchFn);
      return published.keys.find((key) => key.kid === kid) ?? null;
    },
    standing: async () => [],
  };
}

/** Archives the public key of every key id that signs, before the credential is stored. */
export class SigningKeyArchive {
  private readonly archived = new Set<string>();

  constructor(
    private readonly repo: CertificatesRepository,
    private readonly keys: CredentialKeys,
  ) {}

  async ensure(kid: string, now: Date): Promise<void> {
    if (this.archived.has(kid)) return;
    if (!(await this.repo.hasSigningKey(kid))) {
      const jwk = await this.keys.publicKey(kid);
      // Transient: Google publishes a new key shortly before it signs; a retry finds it.
      if (!jwk) throw new Error(`No published public key for key id ${kid}`);
      await this.repo.archiveSigningKey(
        { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: jwk.kid, alg: 'RS256', use: 'sig' },
        now,
      );
    }
    this.archived.add(kid);
  }

  /** The issuer's JWKS: every archived key, and the standing ones. */
  async jwks(): Promise<Jwks> {
    const [archived, standing] = await Promise.all([this.repo.signingKeys(), this.keys.standing()]);
    const byKid = new Map<string, PublicJwk>();
    for (const key of [...archived, ...standing]) {
      byKid.set(key.kid, {
        kty: key.kty,
        n: key.n,
        e: key.e,
        kid: key.kid,
        alg: 'RS256',
        use: 'sig',
      });
    }
    return { keys: [...byKid.values()].sort((a, b) => a.kid.localeCompare(b.kid)) };
  }
}
