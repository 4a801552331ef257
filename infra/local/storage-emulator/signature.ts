// Over 300 lines: one verification, Cloud Storage's V4 canonical request rebuilt step by step; its parts only make sense together.
/**
 * Verification of V4 signed URLs (`GOOG4-RSA-SHA256`), recomputed the way Cloud Storage does:
 * the canonical request is rebuilt from what actually arrived (method, path, query, headers),
 * hashed into the string-to-sign and checked against the signer's RSA public key. Pure apart
 * from the clock and the key lookup, both passed in, so it can be unit-tested on its own.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export const V4_ALGORITHM = 'GOOG4-RSA-SHA256';
const MAX_EXPIRES_SECONDS = 604800;

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface SignedRequestInput {
  method: string;
  /** The path exactly as received, still percent-encoded, without the query. */
  rawPath: string;
  /** The query exactly as received, without the leading `?`. */
  rawQuery: string;
  /** Lower-cased header names, as node:http exposes them. */
  headers: HeaderBag;
}

export interface SignatureFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  details?: string;
  /** Extra XML elements GCS adds to the error (ParameterName, StringToSign, CanonicalRequest). */
  extra?: [string, string][];
}

export interface SignatureSuccess {
  ok: true;
  email: string;
  signedHeaders: string[];
  expiresAt: Date;
}

export type SignatureResult = SignatureSuccess | SignatureFailure;

/** Every byte except the RFC 3986 unreserved set is percent-encoded, as GCS canonicalises. */
export function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function decodeComponent(value: string): string {
  return decodeURIComponent(value);
}

/** Query parameters in arrival order, decoded without turning `+` into a space (RFC 3986). */
export function parseRawQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decodeComponent(name), decodeComponent(value)];
    });
}

export function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => strictEncode(decodeComponent(segment)))
    .join('/');
}

export function canonicalQuery(params: [string, string][]): string {
  return params
    .filter(([name]) => name !== 'X-Goog-Signature')
    .map(([name, value]) => [strictEncode(name), strictEncode(value)] as const)
    .sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalHeaderValue(value: string | string[]): string {
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined.trim().replace(/\s{2,}/g, ' ');
}

export function buildCanonicalRequest(parts: {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  signedHeaders: string;
  payload: string;
}): string {
  const headerBlock = parts.headers.map(([name, value]) => `${name}:${value}\n`).join('');
  return [
    parts.method,
    parts.path,
    parts.query,
    headerBlock,
    parts.signedHeaders,
    parts.payload,
  ].join('\n');
}

export function buildStringToSign(date: string, scope: string, canonicalRequest: string): string {
  const hash = createHash('sha256').update(canonicalRequest).digest('hex');
  return [V4_ALGORITHM, date, scope, hash].join('\n');
}

/** True when the query carries any V4 signing parameter, i.e. the caller meant to sign. */
export function looksSigned(params: [string, string][]): boolean {
  return params.some(([name]) => name.toLowerCase().startsWith('x-goog-'));
}

function parseGoogDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== d ? undefined : date;
}

function malformed(parameter: string, details: string): SignatureFailure {
  return {
    ok: false,
    status: 400,
    code: 'MalformedSecurityHeader',
    message: 'Your request has a malformed header.',
    details,
    extra: [['ParameterName', parameter]],
  };
}

export type KeyLookup = (email: string) => KeyObject | undefined;

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/**
 * Checks a V4 signed request. Order of checks follows what GCS reports first: malformed
 * parameters, expiry, missing signed headers, then the signature itself.
 */
export function verifyV4(
  req: SignedRequestInput,
  lookupKey: KeyLookup,
  now: Date,
): SignatureResult {
  let params: [string, string][];
  try {
    params = parseRawQuery(req.rawQuery);
  } catch {
    return malformed('query', 'The query string is not valid percent-encoding.');
  }
  const get = (name: string): string | undefined => {
    const lower = name.toLowerCase();
    return params.find(([k]) => k.toLowerCase() === lower)?.[1];
  };

  for (const name of [
    'X-Goog-Algorithm',
    'X-Goog-Credential',
    'X-Goog-Date',
    'X-Goog-Expires',
    'X-Goog-SignedHeaders',
    'X-Goog-Signature',
  ]) {
    if (get(name) === undefined) {
      return malformed(name.toLowerCase(), `Missing required query parameter ${name}.`);
    }
  }
  const algorithm = get('X-Goog-Algorithm') as string;
  const credential = get('X-Goog-Credential') as string;
  const dateValue = get('X-Goog-Date') as string;
  const expiresValue = get('X-Goog-Expires') as string;
  const signedHeadersValue = get('X-Goog-SignedHeaders') as string;
  const signatureHex = get('X-Goog-Signature') as string;

  if (algorithm !== V4_ALGORITHM) {
    return malformed(
      'x-goog-algorithm',
      `Unsupported algorithm ${algorithm}; the emulator verifies ${V4_ALGORITHM} only.`,
    );
  }
  const date = parseGoogDate(dateValue);
  if (!date) return malformed('x-goog-date', 'Invalid date format.');
  if (!/^\d+$/.test(expiresValue)) return malformed('x-goog-expires', 'Invalid expires value.');
  const expires = Number(expiresValue);
  if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
    return malformed(
      'x-goog-expires',
      `Expiration Time can't be longer than ${MAX_EXPIRES_SECONDS} seconds (7 days).`,
    );
  }
  const scopeParts = credential.split('/');
  if (scopeParts.length < 5) return malformed('x-goog-credential', 'Invalid credential format.');
  const [scopeDate, location, service, requestType] = scopeParts.slice(-4) as [
    string,
    string,
    string,
    string,
  ];
  const email = scopeParts.slice(0, -4).join('/');
  if (service !== 'storage' || requestType !== 'goog4_request' || !email) {
    return malformed('x-goog-credential', 'Invalid credential scope.');
  }
  if (scopeDate !== dateValue.slice(0, 8)) {
    return malformed(
      'x-goog-credential',
      'The date in the credential scope does not match X-Goog-Date.',
    );
  }
  if (!/^[0-9a-fA-F]+$/.test(signatureHex) || signatureHex.length % 2 !== 0) {
    return malformed('x-goog-signature', 'Signature was not hex encoded.');
  }

  const expiresAt = new Date(date.getTime() + expires * 1000);
  if (now.getTime() >= expiresAt.getTime()) {
    return {
      ok: false,
      status: 400,
      code: 'ExpiredToken',
      message: 'Invalid argument.',
      details: `Request has expired: ${dateValue}`,
    };
  }
  if (date.getTime() > now.getTime()) {
    return {
      ok: false,
      status: 403,
      code: 'AccessDenied',
      message: 'Access denied.',
      details: `Request is not yet valid: ${dateValue}`,
    };
  }

  const signedHeaders = signedHeadersValue.split(';').map((h) => h.trim().toLowerCase());
  if (!signedHeaders.includes('host')) {
    return malformed('x-goog-signedheaders', 'The host header must be signed.');
  }
  for (const name of signedHeaders) {
    if (req.headers[name] === undefined) {
      return malformed(name, 'Header was included in signedheaders, but not in the request.');
    }
  }
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith('x-goog-') && !signedHeaders.includes(name)) {
      return malformed(name, 'Header was not included in signedheaders, but is in the request.');
    }
  }

  let path: string;
  try {
    path = canonicalPath(req.rawPath);
  } catch {
    return malformed('path', 'The path is not valid percent-encoding.');
  }
  const query = canonicalQuery(params);
  const sortedSigned = [...signedHeaders].sort();
  const payload =
    sortedSigned.includes('x-goog-content-sha256') &&
    typeof req.headers['x-goog-content-sha256'] === 'string'
      ? req.headers['x-goog-content-sha256']
      : 'UNSIGNED-PAYLOAD';
  const scope = `${scopeDate}/${location}/storage/goog4_request`;

  const headerVariants = hostVariants(req.headers.host).map((host) =>
    sortedSigned.map((name): [string, string] => [
      name,
      canonicalHeaderValue(name === 'host' ? host : (req.headers[name] as string | string[])),
    ]),
  );

  const key = lookupKey(email);
  const signature = Buffer.from(signatureHex, 'hex');
  let first: { canonical: string; stringToSign: string } | undefined;
  for (const headers of headerVariants) {
    const canonical = buildCanonicalRequest({
      method: req.method,
      path,
      query,
      headers,
      signedHeaders: sortedSigned.join(';'),
      payload,
    });
    const stringToSign = buildStringToSign(dateValue, scope, canonical);
    first ??= { canonical, stringToSign };
    if (key && verify('sha256', Buffer.from(stringToSign), key, signature)) {
      return { ok: true, email, signedHeaders: sortedSigned, expiresAt };
    }
  }
  return {
    ok: false,
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
    ...(key ? {} : { details: `No public key is registered for ${email}.` }),
    extra: [
      ['StringToSign', first?.stringToSign ?? ''],
      ['CanonicalRequest', first?.canonical ?? ''],
    ],
  };
}

/**
 * Client libraries sign the bare host name of the endpoint (`127.0.0.1`), while browsers send
 * `Host: 127.0.0.1:4443` for a non-default port. In production the port is the default and both
 * agree, so both spellings are accepted here.
 */
function hostVariants(host: string | string[] | undefined): string[] {
  const value = Array.isArray(host) ? (host[0] ?? '') : (host ?? '');
  const variants = [value];
  const m = /^(\[[^\]]+\]|[^:]+):\d+$/.exec(value);
  if (m?.[1]) variants.push(m[1]);
  return variants;
}
