import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A request id that follows a request through logs and events: the caller's `X-Request-Id`
 * when it looks sane, else the Cloud trace id, else a fresh UUID.
 */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  if (typeof given === 'string' && requestIdPattern.test(given)) return given;
  const trace = traceIdFrom(headers);
  return trace ?? randomUUID();
}

export function traceIdFrom(headers: IncomingHttpHeaders): string | undefined {
  const cloud = headers['x-cloud-trace-context'];
  if (typeof cloud === 'string') {
    const id = cloud.split('/')[0];
    if (id && /^[0-9a-f]{32}$/i.test(id)) return id;
  }
  const parent = headers.traceparent;
  if (typeof parent === 'string') {
    const id = parent.split('-')[1];
    if (id && /^[0-9a-f]{32}$/i.test(id)) return id;
  }
  return undefined;
}

/** Cloud Logging's trace field wants `projects/{project}/traces/{id}`. */
export function traceField(projectId: string, headers: IncomingHttpHeaders): string | undefined {
  const id = traceIdFrom(headers);
  return id ? `projects/${projectId}/traces/${id}` : undefined;
}

/**
 * The URL a request reached as the function sees it: scheme (X-Forwarded-Proto behind Cloud Run's
 * front end, which functions-framework trusts), Host and path, without the query.
 */
export function reachedUrl(req: {
  protocol: string;
  originalUrl: string;
  get(name: string): string | undefined;
}): string | undefined {
  const host = req.get('host');
  if (!host) return undefined;
  const path = req.originalUrl.split('?')[0] ?? '/';
  return `${req.protocol}://${host}${path}`;
}

/** Express's query object, reduced to what zod schemas expect: one string per key. */
export function flattenQuery(query: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!query || typeof query !== 'object') return out;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}

/**
 * The client's address for per-address rate limits. Google's front end appends the address it
 * saw to `X-Forwarded-For`, so the last entry is the one a client cannot write; locally, where
 * nothing is in front, the socket's address.
 */
export function clientAddress(req: {
  headers: IncomingHttpHeaders;
  socket?: { remoteAddress?: string | undefined };
}): string {
  const forwarded = req.headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return list.at(-1) ?? req.socket?.remoteAddress ?? 'unknown';
}
