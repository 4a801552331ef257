import { SigningKeyArchive, type CredentialKeys } from '../../../shared/certificates/keys';
import type { CertificatesRepository } from '../../../shared/certificates/repository';
import type { PublicJwk } from '../../../shared/certificates/signers';

const jwk = (kid: string): PublicJwk => ({ kty: 'RSA', n: `n-${kid}`, e: 'AQAB', kid });

/** An in-memory archive standing in for the repository's signing-key collection. */
function fakeRepo() {
  const stored = new Map<string, PublicJwk>();
  const repo = {
    hasSigningKey: async (kid: string) => stored.has(kid),
    archiveSigningKey: async (key: PublicJwk) => {
      stored.set(key.kid, key);
    },
    signingKeys: async () => [...stored.values()],
  };
  return { stored, repo: repo as unknown as CertificatesRepository };
}

function keys(published: PublicJwk[], standing: PublicJwk[] = []) {
  const lookups: string[] = [];
  const source: CredentialKeys = {
    signer: () => Promise.reject(new Error('not used')),
    publicKey: async (kid) => {
      lookups.push(kid);
      return published.find((k) => k.kid === kid) ?? null;
    },
    standing: async () => standing,
  };
  return { source, lookups };
}

describe('SigningKeyArchive', () => {
  it('archives the public key of a key id the first time it signs, and looks it up once', async () => {
    const { stored, repo } = fakeRepo();
    const { source, lookups } = keys([jwk('g1'), jwk('g2')]);
    const archive = new SigningKeyArchive(repo, source);
    await archive.ensure('g1', new Date());
    await archive.ensure('g1', new Date());
    expect(lookups).toEqual(['g1']);
    expect(stored.get('g1')).toEqual({ ...jwk('g1'), alg: 'RS256', use: 'sig' });
  });

  it('fails (to be retried) when nobody publishes the key yet', async () => {
    const { repo } = fakeRepo();
    const archive = new SigningKeyArchive(repo, keys([]).source);
    await expect(archive.ensure('new', new Date())).rejects.toThrow(/No published public key/);
  });

  it('serves every archived key, even ones Google stopped publishing, plus the standing ones', async () => {
    const { repo } = fakeRepo();
    const first = keys([jwk('g1')]);
    await new SigningKeyArchive(repo, first.source).ensure('g1', new Date());
    // Later: Google publishes only g2 now, and the local key stands.
    const later = new SigningKeyArchive(repo, keys([jwk('g2')], [jwk('local')]).source);
    await later.ensure('g2', new Date());
    expect((await later.jwks()).keys.map((k) => k.kid)).toEqual(['g1', 'g2', 'local']);
  });
});
