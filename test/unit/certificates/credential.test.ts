import {
  buildOpenBadgeCredential,
  credentialClaims,
  CredentialVerificationError,
  OB_V3_CONTEXT,
  OpenBadgeCredentialSchema,
  signCredential,
  VC_V2_CONTEXT,
  verifyCredentialJws,
  type CredentialInput,
} from '../../../shared/certificates/credential';
import { criteriaNarrative } from '../../../shared/certificates/eligibility';
import type { PrintedFields } from '../../../shared/certificates/model';
import { DEFAULT_CERTIFICATE_RULES } from '../../../shared/certificates/rules';
import { LocalJwsSigner } from '../../../shared/certificates/signers';
import { sampleFields } from '../../helpers/certificate-fields';

const fields: PrintedFields = sampleFields;

const input: CredentialInput = {
  fields,
  issuer: {
    id: 'https://pathwise.example/issuer',
    name: 'Pathwise',
    url: 'https://pathwise.example',
  },
  subjectId: 'urn:pathwise:learner:uid-123',
  achievementId: 'https://pathwise.example/pathways/foundations-image-gen/achievement',
  criteria: criteriaNarrative(DEFAULT_CERTIFICATE_RULES),
  issuedAt: new Date('2026-11-22T10:15:30.456Z'),
  validUntil: new Date('2027-11-22T10:15:30.456Z'),
};

const decodeSegment = (segment: string) =>
  JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

let signer: LocalJwsSigner;
let other: LocalJwsSigner;
beforeAll(async () => {
  signer = await LocalJwsSigner.generate();
  other = await LocalJwsSigner.generate();
});

describe('buildOpenBadgeCredential', () => {
  it('is an OpenBadgeCredential in the VC 2.0 data model', () => {
    const credential = buildOpenBadgeCredential(input);
    expect(OpenBadgeCredentialSchema.parse(credential)).toEqual(credential);
    expect(credential['@context']).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.id).toBe(fields.verification_url);
    expect(credential.issuer).toEqual({
      id: 'https://pathwise.example/issuer',
      type: ['Profile'],
      name: 'Pathwise',
      url: 'https://pathwise.example',
    });
    expect(credential.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
  });

  it('uses validFrom/validUntil in whole seconds, and omits validUntil when it never expires', () => {
    const credential = buildOpenBadgeCredential(input);
    expect(credential.validFrom).toBe('2026-11-22T10:15:30Z');
    expect(credential.validUntil).toBe('2027-11-22T10:15:30Z');
    expect(buildOpenBadgeCredential({ ...input, validUntil: null })).not.toHaveProperty(
      'validUntil',
    );
  });

  it('names the learner and states the achievement with criteria from the rules', () => {
    const subject = buildOpenBadgeCredential(input).credentialSubject;
    expect(subject).toMatchObject({
      id: 'urn:pathwise:learner:uid-123',
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: false,
          identityHash: 'Zoë Łukasiewicz',
        },
      ],
      achievement: {
        id: 'https://pathwise.example/pathways/foundations-image-gen/achievement',
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: 'Foundations of Image Generation',
        description:
          'Completion of the intermediate pathway "Foundations of Image Generation" (4 h 30 min).',
        criteria: { narrative: criteriaNarrative(DEFAULT_CERTIFICATE_RULES) },
      },
    });
  });

  it('mirrors iss, jti, sub, nbf and exp into the JWT claims and never adds vc', () => {
    const claims = credentialClaims(buildOpenBadgeCredential(input));
    expect(claims).toMatchObject({
      iss: 'https://pathwise.example/issuer',
      jti: fields.verification_url,
      sub: 'urn:pathwise:learner:uid-123',
      nbf: Date.UTC(2026, 10, 22, 10, 15, 30) / 1000,
      exp: Date.UTC(2027, 10, 22, 10, 15, 30) / 1000,
    });
    expect(claims).not.toHaveProperty('vc');
    expect(
      credentialClaims(buildOpenBadgeCredential({ ...input, validUntil: null })),
    ).not.toHaveProperty('exp');
  });
});

describe('signing and verifying', () => {
  it('signs a compact JWS with the Open Badges header and verifies against the JWKS', async () => {
    const credential = buildOpenBadgeCredential(input);
    const { jws, kid } = await signCredential(credential, signer);
    const [header, payload, signature] = jws.split('.');
    expect(Buffer.from(header as string, 'base64url').toString()).toBe(
      JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }),
    );
    expect(kid).toBe(signer.publicJwk.kid);
    expect(decodeSegment(payload as string)).toEqual(credentialClaims(credential));
    expect(Buffer.from(signature as string, 'base64url')).toHaveLength(256);

    const verified = await verifyCredentialJws(jws, signer.jwks());
    expect(verified.credential).toEqual(credential);
    expect(verified.header).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
  });

  it('publishes only the public half of the key', () => {
    const [jwk] = signer.jwks().keys;
    expect(Object.keys(jwk ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('fails after any single character of the JWS changes', async () => {
    const { jws } = await signCredential(buildOpenBadgeCredential(input), signer);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let failures = 0;
    for (let i = 0; i < jws.length; i += 1) {
      const c = jws[i] as string;
      // Flip the top bit of the 6-bit value: always a data bit, even in a segment's last char.
      const replacement = c === '.' ? 'A' : (alphabet[alphabet.indexOf(c) ^ 32] as string);
      const tampered = jws.slice(0, i) + replacement + jws.slice(i + 1);
      await expect(verifyCredentialJws(tampered, signer.jwks())).rejects.toBeInstanceOf(
        CredentialVerificationError,
      );
      failures += 1;
    }
    expect(failures).toBe(jws.length);
  });

  it('fails when a claim in the payload is edited and re-encoded', async () => {
    const { jws } = await signCredential(buildOpenBadgeCredential(input), signer);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const claims = decodeSegment(payload);
    const edited = JSON.stringify(claims).replace('Zoë Łukasiewicz', 'Zoe Lukasiewicz');
    const forged = `${header}.${Buffer.from(edited).toString('base64url')}.${signature}`;
    await expect(verifyCredentialJws(forged, signer.jwks())).rejects.toThrow(
      'The credential signature does not verify',
    );
  });

  it('fails against another issuer key, and with an empty JWKS', async () => {
    const { jws } = await signCredential(buildOpenBadgeCredential(input), signer);
    await expect(verifyCredentialJws(jws, other.jwks())).rejects.toThrow(
      CredentialVerificationError,
    );
    await expect(verifyCredentialJws(jws, { keys: [] })).rejects.toThrow(
      CredentialVerificationError,
    );
  });

  it('finds the signing key by kid in a JWKS holding several keys', async () => {
    const { jws } = await signCredential(buildOpenBadgeCredential(input), signer);
    const both = { keys: [...other.jwks().keys, ...signer.jwks().keys] };
    await expect(verifyCredentialJws(jws, both)).resolves.toHaveProperty('credential');
  });

  it('rejects a signed payload whose mirrored claims disagree with the credential', async () => {
    const credential = buildOpenBadgeCredential(input);
    const sign = (claims: Record<string, unknown>) =>
      signer.sign(new TextEncoder().encode(JSON.stringify(claims)));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...credentialClaims(credential), sub: 'urn:someone-else' }, /Claim sub/],
      [{ ...credentialClaims(credential), iss: 'https://evil.example' }, /Claim iss/],
      [{ ...credentialClaims(credential), nbf: 0 }, /Claim nbf/],
      [{ ...credentialClaims(credential), exp: undefined }, /Claim exp/],
      [{ ...credentialClaims(credential), vc: credential }, /vc claim/],
      [{ ...credentialClaims(credential), type: ['VerifiableCredential'] }, /OpenBadgeCredential/],
    ];
    for (const [claims, message] of cases) {
      const { jws } = await sign(claims);
      await expect(verifyCredentialJws(jws, signer.jwks())).rejects.toThrow(message);
    }
  });
});
