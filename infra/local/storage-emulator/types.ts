/** Shapes shared by the emulator's modules; `index.ts` re-exports the public ones. */

/** One rule in the form `gcloud storage buckets update --cors-file` and the JSON API use. */
export type CorsRule = {
  origin: string[];
  method: string[];
  responseHeader?: string[];
  maxAgeSeconds?: number;
};

export interface StorageSubscription {
  bucket: string;
  eventType: 'finalized' | 'deleted';
  url: string;
  /**
   * Send `Authorization: Bearer <OIDC token>` of this service account with every delivery, as an
   * Eventarc trigger with a service account does; the audience is the URL unless named.
   */
  oidcToken?: { serviceAccountEmail: string; audience?: string };
}

/** Mints an OIDC ID token for a service account and an audience (see infra/local/oidc.ts). */
export type TokenMinter = (serviceAccountEmail: string, audience: string) => string;

/** Writable object metadata, as the JSON API and XML headers carry it. */
export interface ObjectMetadataInput {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
}

/** Generation and metageneration preconditions, as numbers parsed from query or headers. */
export interface Preconditions {
  ifGenerationMatch?: number;
  ifGenerationNotMatch?: number;
  ifMetagenerationMatch?: number;
  ifMetagenerationNotMatch?: number;
}
