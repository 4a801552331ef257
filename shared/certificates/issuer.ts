import { createHash } from 'node:crypto';
import type { IssuerProfile } from './credential';

/**
 * Where the issuer lives on the public origin, and the URIs a credential names. All of them
 * derive from the configured public base URL, so a credential, its printed verification URL and
 * the JWKS that verifies it always point at the same deployment.
 */

export interface IssuerSettings {
  /** The public origin, without a trailing slash. */
  publicBaseUrl: string;
  issuerName: string;
}

export const ISSUER_PATH = '/api/v1/certificates/issuer';
export const JWKS_PATH = '/api/v1/certificates/issuer/jwks.json';

export function issuerProfile(settings: IssuerSettings): IssuerProfile {
  return {
    id: `${settings.publicBaseUrl}${ISSUER_PATH}`,
    name: settings.issuerName,
    url: settings.publicBaseUrl,
  };
}

export function jwksUrl(settings: IssuerSettings): string {
  return `${settings.publicBaseUrl}${JWKS_PATH}`;
}

/**
 * `credentialSubject.id`: stable per learner, revealing nothing of the account (its uid hashed);
 * the name the credential states is in its `identifier`, as printed.
 */
export function learnerSubjectId(userId: string): string {
  return `urn:pathwise:learner:${createHash('sha256').update(userId).digest('hex').slice(0, 32)}`;
}

/** One achievement per pathway, shared by every certificate of it. */
export function achievementId(pathwayId: string): string {
  return `urn:pathwise:achievement:${pathwayId}`;
}
