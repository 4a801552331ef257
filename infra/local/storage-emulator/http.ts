/** Small HTTP helpers shared by the XML and JSON API handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errors, StorageError } from './errors';
import type { Preconditions } from './types';

export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function sendXmlError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: string,
  extra: [string, string][] = [],
): void {
  const body =
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    extra.map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`).join('') +
    (details ? `<Details>${xmlEscape(details)}</Details>` : '') +
    '</Error>';
  finish(req, res, status, { 'Content-Type': 'application/xml; charset=UTF-8' }, body);
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
): void {
  finish(
    req,
    res,
    status,
    { 'Content-Type': 'application/json; charset=UTF-8' },
    JSON.stringify(value),
  );
}

export function sendJsonError(req: IncomingMessage, res: ServerResponse, err: StorageError): void {
  sendJson(req, res, err.status, {
    error: {
      code: err.status,
      message: err.message,
      errors: [{ message: err.message, domain: 'global', reason: err.reason }],
    },
  });
}

export function sendEmpty(req: IncomingMessage, res: ServerResponse, status: number): void {
  finish(req, res, status, {}, '');
}

/**
 * Ends the response; when the request body was not (fully) read, the connection is closed
 * afterwards so unread upload bytes are not taken for the next request.
 */
function finish(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const buf = Buffer.from(body);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', String(buf.length));
  if (!req.complete) res.setHeader('Connection', 'close');
  res.writeHead(status);
  res.end(req.method === 'HEAD' ? undefined : buf);
  if (!req.complete) discardBody(req);
}

const DISCARD_LIMIT = 64 * 1024 * 1024;

/**
 * Reads and drops what is left of a rejected upload so the client gets to read the error
 * response instead of a reset connection; past a limit the socket is simply closed.
 */
export function discardBody(req: IncomingMessage): void {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DISCARD_LIMIT) req.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

export async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw errors.invalid('Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Reported below as GCS does for unparsable bodies.
  }
  throw new StorageError(400, 'parseError', 'Parse Error', 'InvalidArgument');
}

function parseGeneration(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw errors.invalid(`Invalid value for ${name}: ${value}`);
  return Number(value);
}

/** Preconditions from JSON API query parameters (optionally with a prefix such as `ifSource`). */
export function preconditionsFromQuery(query: URLSearchParams, prefix = 'if'): Preconditions {
  const read = (suffix: string) =>
    parseGeneration(query.get(`${prefix}${suffix}`) ?? undefined, `${prefix}${suffix}`);
  const out: Preconditions = {};
  const gm = read('GenerationMatch');
  const gnm = read('GenerationNotMatch');
  const mm = read('MetagenerationMatch');
  const mnm = read('MetagenerationNotMatch');
  if (gm !== undefined) out.ifGenerationMatch = gm;
  if (gnm !== undefined) out.ifGenerationNotMatch = gnm;
  if (mm !== undefined) out.ifMetagenerationMatch = mm;
  if (mnm !== undefined) out.ifMetagenerationNotMatch = mnm;
  return out;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Parses a single `bytes=` range against an object size; undefined means the whole object. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) throw errors.rangeNotSatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) throw errors.rangeNotSatisfiable();
  return { start, end };
}

/** Streams `source` as the response body, tolerating clients that hang up early. */
export async function streamBody(source: Readable, res: ServerResponse): Promise<void> {
  await pipeline(source, res).catch(() => undefined);
}
