import type { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { bearerToken } from './auth';
import { AppError, permissionDenied, unauthenticated } from './errors';

/**
 * Who may call internal functions: Google's own services, each presenting a Google-signed OIDC
 * ID token of one of the project's service accounts. Cloud Tasks presents the tasks invoker's
 * token to task functions; Eventarc (and Pub/Sub push behind it) presents the trigger invoker's
 * to event functions. IAM checks the same token in front of the function; checking it here too
 * means a function that is reachable by mistake (an `allUsers` binding, a local port) still
 * refuses everyone else.
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
}

/** Google's ID tokens name either issuer spelling. */
export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

const HeaderSchema = z.object({ alg: z.literal('RS256'), kid: z.string().min(1) });

const missingToken = () =>
  unauthenticated('Expected Authorization: Bearer <Google-signed OIDC ID token>');

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
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (!payload || !signature || !HeaderSchema.safeParse(decoded).success) {
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

/**
 * Verifies service callers with google-auth-library: signature against the signing keys, expiry,
 * issuer, audience, then the account. Error messages never carry the token (the library's do).
 */
export function serviceCallerVerifier(
  client: OAuth2Client,
  options: ServiceAuthOptions,
): VerifyServiceCaller {
  return async (request, identity) => {
    const token = serviceToken(request.authorization);
    const certs = await signingCerts(client, options.certs);
    const audiences = acceptedAudiences(request, options.functionUrl(request.functionName));
    let payload;
    try {
      const ticket = await client.verifySignedJwtWithCertsAsync(
        token,
        certs,
        audiences,
        GOOGLE_ISSUERS,
      );
      payload = ticket.getPayload();
    } catch {
      throw unauthenticated(
        'The OIDC token is invalid, expired, or not issued by Google for this function',
      );
    }
    if (payload?.email !== options.accounts[identity] || payload.email_verified !== true) {
      throw permissionDenied(`Only the ${identity} service account may call this function`);
    }
  };
}
