/**
 * Bucket CORS as the XML API applies it: the first rule whose origin and method match decides.
 * Actual responses echo the request Origin and expose the rule's `responseHeader`s; a preflight
 * also needs every requested header to be listed in `responseHeader` (GCS uses that one list
 * for both directions), and is answered without CORS headers when nothing matches, which the
 * browser then reports as a CORS failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsRule } from './types';

/** Request headers a browser may send without asking (CORS-safelisted). */
const SAFELISTED_REQUEST_HEADERS = new Set(['accept', 'accept-language', 'content-language']);

function originMatches(rule: CorsRule, origin: string): boolean {
  return rule.origin.some((o) => o === '*' || o.toLowerCase() === origin.toLowerCase());
}

function methodMatches(rule: CorsRule, method: string): boolean {
  return rule.method.some((m) => m === '*' || m.toUpperCase() === method.toUpperCase());
}

function allowOrigin(rule: CorsRule, origin: string): string {
  return rule.origin.includes('*') &&
    !rule.origin.some((o) => o.toLowerCase() === origin.toLowerCase())
    ? '*'
    : origin;
}

export function findCorsRule(
  rules: CorsRule[],
  origin: string,
  method: string,
): CorsRule | undefined {
  return rules.find((rule) => originMatches(rule, origin) && methodMatches(rule, method));
}

/** Adds CORS headers to an actual (non-preflight) XML API response. */
export function applyCors(
  rules: CorsRule[] | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const origin = req.headers.origin;
  if (!origin || !rules) return;
  res.setHeader('Vary', 'Origin');
  const rule = findCorsRule(rules, origin, req.method ?? 'GET');
  if (!rule) return;
  res.setHeader('Access-Control-Allow-Origin', allowOrigin(rule, origin));
  if (rule.responseHeader && rule.responseHeader.length > 0) {
    res.setHeader('Access-Control-Expose-Headers', rule.responseHeader.join(','));
  }
}

/** Answers an OPTIONS preflight for an XML API object path. */
export function answerPreflight(
  rules: CorsRule[] | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const origin = req.headers.origin;
  const requestedMethod = req.headers['access-control-request-method'];
  res.setHeader('Vary', 'Origin');
  const rule =
    origin && typeof requestedMethod === 'string' && rules
      ? findCorsRule(rules, origin, requestedMethod)
      : undefined;
  const requestedHeaders = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const allowed = new Set((rule?.responseHeader ?? []).map((h) => h.toLowerCase()));
  const headersOk = requestedHeaders.every(
    (h) => allowed.has(h) || allowed.has('*') || SAFELISTED_REQUEST_HEADERS.has(h),
  );
  if (rule && origin && headersOk) {
    res.setHeader('Access-Control-Allow-Origin', allowOrigin(rule, origin));
    res.setHeader('Access-Control-Allow-Methods', rule.method.join(','));
    if (requestedHeaders.length > 0) {
      res.setHeader('Access-Control-Allow-Headers', requestedHeaders.join(','));
    }
    if (rule.maxAgeSeconds !== undefined) {
      res.setHeader('Access-Control-Max-Age', String(rule.maxAgeSeconds));
    }
  }
  res.setHeader('Content-Length', '0');
  res.writeHead(200);
  res.end();
}

/**
 * The JSON API endpoint does not consult bucket CORS; it accepts cross-origin calls from any
 * origin (authorisation is by bearer token), so it answers permissively.
 */
export function applyOpenCors(req: IncomingMessage, res: ServerResponse, preflight: boolean): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (preflight) {
    res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('Access-Control-Allow-Headers', String(requested));
    res.setHeader('Access-Control-Max-Age', '3600');
  } else {
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Location,Range,Content-Range,X-Goog-Hash,X-Goog-Generation,X-Goog-Metageneration,X-GUploader-UploadID',
    );
  }
}
