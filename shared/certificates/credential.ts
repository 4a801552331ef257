import { z } from 'zod';
import { formatDuration } from './format';
import { loadJose } from './jose';
import type { PrintedFields } from './model';
import { JwksSchema, type Jwks, type JwsSigner, type SignedJws } from './signers';

/**
 * The certificate as an Open Badges 3.0 `OpenBadgeCredential` in the W3C Verifiable Credentials
 * 2.0 data model, secured as a compact JWS (VC-JOSE-COSE "securing with JOSE").
 *
 * Where the two specifications pull apart, Open Badges 3.0 wins, because its conformance suite
 * is what badge wallets and LMSs check:
 * - header `typ` is `JWT` (OB 3.0: "if present, MUST be JWT"; VC-JOSE-COSE only says SHOULD be
 *   `vc+jwt`) and there is no `cty` (OB 3.0 allows no other header parameters);
 * - the payload is the credential itself plus the registered claims OB 3.0 requires, each equal
 *   to the credential property it mirrors (as VC-JOSE-COSE requires): `iss` = issuer.id,
 *   `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom and `exp` = validUntil. There is
 *   no `vc` claim (VC-JOSE-COSE forbids it).
 * - `kid` is the bare key id as the signing key's JWKS lists it (Google's key id in the cloud),
 *   not a URL: verifiers find the set through `iss` (the issuer profile names the JWKS URL),
 *   which VC-JOSE-COSE's key discovery allows.
 */

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V3_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

export interface IssuerProfile {
  /** An https URL that identifies the issuer (its public profile). */
  id: string;
  name: string;
  url: string;
}

export interface CredentialInput {
  fields: PrintedFields;
  issuer: IssuerProfile;
  /** `credentialSubject.id`: a stable URI for the learner that reveals nothing else. */
  subjectId: string;
  /** The pathway's achievement: one URI per pathway, shared by all its certificates. */
  achievementId: string;
  /** From `criteriaNarrative(rules)`: the rules the learner met. */
  criteria: string;
  issuedAt: Date;
  validUntil: Date | null;
}

const Profile = z.object({
  id: z.url(),
  type: z.array(z.string()).refine((t) => t.includes('Profile'), 'Must include Profile'),
  name: z.string(),
  url: z.url().optional(),
});

export const OpenBadgeCredentialSchema = z.looseObject({
  '@context': z
    .array(z.string())
    .refine(
      (c) => c[0] === VC_V2_CONTEXT && c.includes(OB_V3_CONTEXT),
      'Must start with the VC 2.0 context and include the Open Badges 3.0 context',
    ),
  id: z.string().min(1),
  type: z
    .array(z.string())
    .refine(
      (t) => t.includes('VerifiableCredential') && t.includes('OpenBadgeCredential'),
      'Must be a VerifiableCredential and an OpenBadgeCredential',
    ),
  name: z.string().min(1),
  description: z.string().optional(),
  issuer: Profile,
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime().optional(),
  credentialSubject: z.looseObject({
    id: z.string().min(1),
    type: z.array(z.string()).refine((t) => t.includes('AchievementSubject')),
    identifier: z
      .array(
        z.object({
          type: z.literal('IdentityObject'),
          identityType: z.string(),
          hashed: z.boolean(),
          identityHash: z.string(),
        }),
      )
      .optional(),
    achievement: z.looseObject({
      id: z.string().min(1),
      type: z.array(z.string()).refine((t) => t.includes('Achievement')),
      name: z.string().min(1),
      description: z.string(),
      criteria: z.object({ narrative: z.string() }),
    }),
  }),
  credentialSchema: z.array(z.object({ id: z.string(), type: z.string() })).optional(),
});
export type OpenBadgeCredential = z.infer<typeof OpenBadgeCredentialSchema>;

/** Whole seconds: JWT NumericDates are seconds, and `nbf` must equal `validFrom` exactly. */
function toSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function isoSeconds(date: Date): string {
  return toSecond(date).toISOString().replace('.000Z', 'Z');
}

export function buildOpenBadgeCredential(input: CredentialInput): OpenBadgeCredential {
  const { fields, issuer } = input;
  const level = fields.difficulty ? `${fields.difficulty} ` : '';
  const profile = { id: issuer.id, type: ['Profile'], name: issuer.name, url: issuer.url };
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: fields.verification_url,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${fields.pathway_title}: certificate of completion`,
    description: `${fields.learner_name} completed the ${level}pathway "${fields.pathway_title}" (${formatDuration(fields.duration_minutes)}) on ${fields.completion_date}. Certificate ${fields.certificate_id}.`,
    issuer: profile,
    validFrom: isoSeconds(input.issuedAt),
    ...(input.validUntil ? { validUntil: isoSeconds(input.validUntil) } : {}),
    credentialSubject: {
      id: input.subjectId,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: false,
          identityHash: fields.learner_name,
        },
      ],
      achievement: {
        id: input.achievementId,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: fields.pathway_title,
        description: `Completion of the ${level}pathway "${fields.pathway_title}" (${formatDuration(fields.duration_minutes)}).`,
        criteria: { narrative: input.criteria },
        creator: profile,
      },
    },
    credentialSchema: [{ id: OB_V3_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}

/** The JWT claims set: the credential plus the registered claims that mirror it. */
export function credentialClaims(credential: OpenBadgeCredential): Record<string, unknown> {
  return {
    ...credential,
    iss: credential.issuer.id,
    jti: credential.id,
    sub: credential.credentialSubject.id,
    nbf: Date.parse(credential.validFrom) / 1000,
    ...(credential.validUntil ? { exp: Date.parse(credential.validUntil) / 1000 } : {}),
  };
}

export function signCredential(
  credential: OpenBadgeCredential,
  signer: JwsSigner,
): Promise<SignedJws> {
  return signer.sign(new TextEncoder().encode(JSON.stringify(credentialClaims(credential))));
}

export class CredentialVerificationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialVerificationError';
  }
}

export interface VerifiedCredential {
  credential: OpenBadgeCredential;
  header: { alg: string; kid: string | undefined; typ: string | undefined };
}

const REGISTERED = ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat'] as const;

/** The credential inside a claims set: everything but the registered JWT claims, checked. */
function credentialFromClaims(claims: Record<string, unknown>): OpenBadgeCredential {
  if ('vc' in claims) throw new CredentialVerificationError('A vc claim is not allowed');
  const body = Object.fromEntries(
    Object.entries(claims).filter(([name]) => !(REGISTERED as readonly string[]).includes(name)),
  );
  const parsed = OpenBadgeCredentialSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CredentialVerificationError(
      `Not an OpenBadgeCredential: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/**
 * The credential a JWS carries, read without checking the signature: for showing or embedding
 * what was signed (the PDF attaches it beside the JWS). Trust needs `verifyCredentialJws`.
 */
export function credentialFromJws(jws: string): OpenBadgeCredential {
  const payload = jws.split('.')[1];
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  } catch (error) {
    throw new CredentialVerificationError('The credential payload is not JSON', { cause: error });
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new CredentialVerificationError('The credential payload is not a JSON object');
  }
  return credentialFromClaims(claims as Record<string, unknown>);
}

/**
 * Checks the signature against `jwks` (RS256 only) and that the mirrored claims agree with the
 * credential, then returns the credential without the JWT claims. Validity in time is not
 * judged here: the certificate's state (valid, expired, revoked, superseded) is.
 */
export async function verifyCredentialJws(jws: string, jwks: Jwks): Promise<VerifiedCredential> {
  const jose = await loadJose();
  const keys = JwksSchema.parse(jwks);
  let verified: { payload: Uint8Array; protectedHeader: Record<string, unknown> };
  try {
    verified = await jose.compactVerify(jws, jose.createLocalJWKSet(keys), {
      algorithms: ['RS256'],
    });
  } catch (error) {
    throw new CredentialVerificationError('The credential signature does not verify', {
      cause: error,
    });
  }
  const header = verified.protectedHeader;
  if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== 'vc+jwt') {
    throw new CredentialVerificationError(`Unexpected JOSE typ ${String(header.typ)}`);
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch (error) {
    throw new CredentialVerificationError('The credential payload is not JSON', { cause: error });
  }
  const registered = Object.fromEntries(REGISTERED.map((name) => [name, claims[name]]));
  const credential = credentialFromClaims(claims);
  const expected = credentialClaims(credential);
  for (const name of ['iss', 'jti', 'sub', 'nbf', 'exp'] as const) {
    if (registered[name] !== expected[name]) {
      throw new CredentialVerificationError(
        `Claim ${name} (${String(registered[name])}) does not match the credential (${String(expected[name])})`,
      );
    }
  }
  return {
    credential,
    header: {
      alg: String(header.alg),
      kid: typeof header.kid === 'string' ? header.kid : undefined,
      typ: typeof header.typ === 'string' ? header.typ : undefined,
    },
  };
}
