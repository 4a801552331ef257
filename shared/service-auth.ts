import type { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { bearerToken } from './auth';
import { AppError, permissionDenied, unauthenticated } from './errors';

/**
 * Who may call internal functions: Google's own services, each presenting a Google-signed OIDC
 * ID token of one of the project's service accounts. Cloud Tasks presents the tasks invoker's
 * token to task functions; Eventarc (and Pub/Sub push behind it) presents the trigger invoker's
 * to event functions.
 *
 * Deployed, Cloud Run's IAM check verifies the token's signature in front of the function and
 * passes the token on with its signature replaced by `SIGNATURE_REMOVED_BY_GOOGLE`; the function
 * then checks what IAM does not: that the token is of exactly this account (the invoker role is
 * also held by owners, editors and Cloud Run admins) and for this function. A token whose
 * signature is intact (locally, or a service that IAM does not guard) is verified in full here.
 */
export type ServiceIdentity = 'tasks-invoker' | 'trigger-invoker';

/** What a function knows about a request that claims to come from a Google service. */
export interface ServiceRequest {
  functionName: string;
  /** The `Authorization` header as sent. */
  authorization: string | undefined;
  /** The URL the request reached, as the function sees it (scheme, host, path; no query). */
  url: string | undefined;
}

/** Resolves when the request carries a valid token of `identity`; throws 401/403 otherwise. */
export type VerifyServiceCaller = (
  request: ServiceRequest,
  identity: ServiceIdentity,
) => Promise<void>;

export interface ServiceAuthOptions {
  /** The email of each identity. */
  accounts: Readonly<Record<ServiceIdentity, string>>;
  /** The URL the deployment gives a function, `{base}/{name}`: what Cloud Tasks targets. */
  functionUrl: (functionName: string) => string;
  /**
   * Key id → PEM: the keys tokens must be signed with. Absent in the cloud, where they are
   * Google's published certs (fetched and cached by google-auth-library); the local stack hands
   * in its own signer's keys.
   */
  certs?: Readonly<Record<string, string>> | undefined;
  /**
   * Running on Cloud Run behind its IAM check (`K_SERVICE` is set): accept tokens whose
   * signature Cloud Run verified and removed, checking their claims. Never locally.
   */
  behindCloudRunIam: boolean;
}

/** What Cloud Run leaves in place of the signature of a token its IAM check verified. */
export const SIGNATURE_REMOVED_BY_GOOGLE = 'SIGNATURE_REMOVED_BY_GOOGLE';

/** google-auth-library's allowance for clock differences, used for stripped tokens alike. */
const CLOCK_SKEW_SECONDS = 300;

/** Google's ID tokens name either issuer spelling. */
export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'] as const;

const HeaderSchema = z.object({ alg: z.literal('RS256'), kid: z.string().min(1) });

const missingToken = () =>
  unauthenticated('Expected Authorization: Bearer <Google-signed OIDC ID token>');

const invalidToken = () =>
  unauthenticated('The OIDC token is invalid, expired, or not issued by Google for this function');

/** A JWT segment's JSON, or undefined when it is not base64url JSON. */
function jsonSegment(segment: string | undefined): unknown {
  try {
    return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The bearer token, if it can be a Google ID token at all: RS256 with a key id. `none`, HS256
 * and friends stop here, before any key is looked at.
 */
export function serviceToken(authorization: string | undefined): string {
  let token: string;
  try {
    token = bearerToken(authorization);
  } catch {
    throw missingToken();
  }
  const [header, payload, signature] = token.split('.');
  if (!payload || !signature || !HeaderSchema.safeParse(jsonSegment(header)).success) {
    throw unauthenticated('Expected a Google-signed OIDC ID token (RS256)');
  }
  return token;
}

/**
 * The audiences a token for this request may name: the function's deployed URL (what Cloud Tasks
 * and the local stack use) and the URL the request actually reached (what Eventarc uses: the
 * Cloud Run service URL), with and without a trailing slash on the root path.
 */
export function acceptedAudiences(request: ServiceRequest, functionUrl: string): string[] {
  const audiences = new Set([functionUrl]);
  if (request.url) {
    audiences.add(request.url);
    if (request.url.endsWith('/')) audiences.add(request.url.slice(0, -1));
  }
  return [...audiences];
}

const ClaimsSchema = z.object({
  iss: z.enum(GOOGLE_ISSUERS),
  aud: z.string(),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  iat: z.number(),
  exp: z.number(),
});

type Claims = z.infer<typeof ClaimsSchema>;

/**
 * The claims of a token Cloud Run's IAM check verified (its signature removed): issuer, audience
 * and lifetime are checked again here, as they would be with the signature.
 */
export function cloudRunVerifiedClaims(
  token: string,
  audiences: readonly string[],
  nowSeconds: number,
): Claims {
  const claims = ClaimsSchema.safeParse(jsonSegment(token.split('.')[1]));
  if (
    !claims.success ||
    !audiences.includes(claims.data.aud) ||
    claims.data.exp + CLOCK_SKEW_SECONDS < nowSeconds ||
    claims.data.iat - CLOCK_SKEW_SECONDS > nowSeconds
  ) {
    throw invalidToken();
  }
  return claims.data;
}

async function signingCerts(
  client: OAuth2Client,
  certs: ServiceAuthOptions['certs'],
): Promise<Record<string, string>> {
  if (certs) return { ...certs };
  try {
    return (await client.getFederatedSignonCertsAsync()).certs as Record<string, string>;
  } catch (cause) {
    throw new AppError('unavailable', "Google's token signing keys could not be fetched", {
      cause,
    });
  }
}

/** Signature (google-auth-library, against the signing keys), expiry, issuer and audience. */
async function verifiedClaims(
  client: OAuth2Client,
  certs: ServiceAuthOptions['certs'],
  token: string,
  audiences: string[],
): Promise<{ email?: string | undefined; email_verified?: boolean | undefined }> {
  const keys = await signingCerts(client, certs);
  try {
    const ticket = await client.verifySignedJwtWithCertsAsync(token, keys, audiences, [
      ...GOOGLE_ISSUERS,
    ]);
    return ticket.getPayload() ?? {};
  } catch {
    throw invalidToken();
  }
}

/**
 * Verifies service callers: the token (in full, or its claims when Cloud Run's IAM check already
 * verified and removed its signature), then the account. Error messages never carry the token
 * (google-auth-library's do).
 */
export function serviceCallerVerifier(
  client: OAuth2Client,
  options: ServiceAuthOptions,
): VerifyServiceCaller {
  return async (request, identity) => {
    const token = serviceToken(request.authorization);
    const audiences = acceptedAudiences(request, options.functionUrl(request.functionName));
    const stripped = token.endsWith(`.${SIGNATURE_REMOVED_BY_GOOGLE}`);
    if (stripped && !options.behindCloudRunIam) throw invalidToken();
    const claims = stripped
      ? cloudRunVerifiedClaims(token, audiences, Math.floor(Date.now() / 1000))
      : await verifiedClaims(client, options.certs, token, audiences);
    if (claims.email !== options.accounts[identity] || claims.email_verified !== true) {
      throw permissionDenied(`Only the ${identity} service account may call this function`);
    }
  };
}
