import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParserModule from 'body-parser';
import expressApplication from 'express/lib/application';
import { AppError, errorMapping, publicError } from '../errors';
import { log, LogEvent } from '../log';

/**
 * functions-framework parses every request body (up to 1 GB, before any of our code, so before
 * authentication) and lets Express answer parse errors and undecodable paths with an HTML page
 * that carries the stack, logging the error with the raw body. It offers no hook for its server,
 * so Pathwise adjusts the two pieces it builds that server from, once, before any server exists:
 *
 * - its body parsers read at most `EAGER_BODY_LIMIT`, never pass an error on (it is left on the
 *   request for our router or callable wrapper to answer in its own error shape), and leave
 *   larger or unsized bodies unread, for the route to read after authentication within its own
 *   limit;
 * - Express's request handling marks a path that is not valid percent-encoding (and makes it
 *   routable), and answers anything that still reaches its final handler as JSON.
 *
 * The framework's behaviour is otherwise untouched; `test/emulator/platform/edge.test.ts` drives
 * malformed requests through it.
 */

export const EAGER_BODY_LIMIT = 1024 * 1024;

/** What the guards leave on a request for the function that serves it. */
export interface GuardedRequest extends IncomingMessage {
  /** The body could not be read or parsed: why, and the status that says so. */
  pathwiseBodyError?: { status: number; type: string; message: string };
  /** The body was left unread (too large or of unknown size to read eagerly). */
  pathwiseBodyDeferred?: boolean;
  /** The path was not valid percent-encoding; `%` was escaped so routing could go on. */
  pathwiseBadPath?: boolean;
  _body?: boolean;
}

type Middleware = (req: GuardedRequest, res: ServerResponse, next: (err?: unknown) => void) => void;
type ParserFactory = (options?: Record<string, unknown>) => Middleware;

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) && length >= 0 ? length : undefined;
}

/** Read now: small bodies of known size. Everything else waits for the route to decide. */
function readsEagerly(req: IncomingMessage): boolean {
  const length = declaredLength(req);
  if (length !== undefined) return length <= EAGER_BODY_LIMIT;
  return req.headers['transfer-encoding'] === undefined;
}

function guardParser(parser: Middleware): Middleware {
  return (req, res, next) => {
    if (req.pathwiseBodyError || req.pathwiseBodyDeferred || req._body) return next();
    if (!readsEagerly(req)) {
      req.pathwiseBodyDeferred = true;
      return next();
    }
    parser(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { status?: number; type?: string; message?: string };
        req.pathwiseBodyError = {
          status: e.status ?? 400,
          type: e.type ?? 'body.invalid',
          message: e.message ?? 'The request body could not be read',
        };
        req._body = true;
      }
      next();
    });
  };
}

/** True when every segment of the path decodes as UTF-8 percent-encoding. */
function decodable(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function markBadPath(req: GuardedRequest): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (decodable(pathname)) return;
  req.pathwiseBadPath = true;
  req.url = pathname.replaceAll('%', '%25') + (q === -1 ? '' : url.slice(q));
}

/** The last resort, for errors Express itself meets: the API's JSON error shape, no stack. */
function finalJsonHandler(req: IncomingMessage, res: ServerResponse) {
  return (err?: unknown): void => {
    const status = (err as { status?: number } | undefined)?.status ?? (err ? 500 : 404);
    const code =
      status === 404
        ? 'not_found'
        : status >= 500
          ? 'internal'
          : status === 413
            ? 'payload_too_large'
            : 'invalid_argument';
    const error = new AppError(code, err ? 'The request could not be processed' : 'Not found');
    log.warn(LogEvent.requestRejected, 'Request answered by the framework edge', {
      method: req.method,
      status,
      type: (err as { type?: string } | undefined)?.type,
    });
    if (res.headersSent) {
      res.end();
      return;
    }
    res.statusCode = errorMapping[code].http;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code, ...publicError(error), request_id: '' } }));
  };
}

let installed = false;

/** Installs the guards; call before functions-framework builds a server (idempotent). */
export function installEdgeGuards(): void {
  if (installed) return;
  installed = true;
  // The same module instances functions-framework uses (a test checks they resolve alike).
  const bodyParser = bodyParserModule as unknown as Record<string, ParserFactory>;
  for (const kind of ['json', 'text', 'urlencoded', 'raw']) {
    const original = bodyParser[kind] as ParserFactory;
    bodyParser[kind] = (options) => guardParser(original({ ...options, limit: EAGER_BODY_LIMIT }));
  }
  const application = expressApplication as unknown as {
    handle: (req: GuardedRequest, res: ServerResponse, callback?: (err?: unknown) => void) => void;
  };
  const handle = application.handle;
  application.handle = function guardedHandle(this: unknown, req, res, callback) {
    markBadPath(req);
    handle.call(this, req, res, callback ?? finalJsonHandler(req, res));
  };
}
