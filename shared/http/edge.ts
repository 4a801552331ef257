import type { Authenticate } from '../auth';
import type { VerifyServiceCaller } from '../service-auth';

/**
 * What every function needs at its edge, handed in by the composition root: how to authenticate
 * a user (Firebase ID token), how to verify a Google service caller (OIDC token of a service
 * account: Cloud Tasks, Eventarc), the project that trace ids in logs belong to, and how many
 * trusted proxies stand between the client and the function (for per-address limits).
 */
export interface Edge {
  projectId: string;
  authenticate: Authenticate;
  verifyServiceCaller: VerifyServiceCaller;
  trustedProxyHops: number;
}
