import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import { requireRole, type Caller } from '../auth';
import {
  AppError,
  errorMapping,
  failureSeverity,
  fromZod,
  publicError,
  toAppError,
} from '../errors';
import { log, LogEvent, withLogContext } from '../log';
import { bytesBody, checkPath, DEFAULT_BODY_LIMIT, jsonBody } from './body';
import type { Edge } from './edge';
import { clientAddress, flattenQuery, reachedUrl, requestIdFrom, traceField } from './request';
import { HttpReply, type AnyRoute, type HttpMethod } from './route';

interface CompiledRoute {
  spec: AnyRoute;
  pattern: RegExp;
  paramNames: string[];
}

/** `/api/v1/pathways/{pathway_id}` → a regex capturing each `{name}` segment. */
export function compilePath(path: string): { pattern: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{([a-zA-Z_][a-zA-Z0-9_]*)\}$/.exec(segment);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), paramNames };
}

const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, X-Request-Id',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id',
  'Access-Control-Max-Age': '3600',
};

export function sendError(res: Response, error: AppError, requestId: string): void {
  const { http } = errorMapping[error.code];
  if (error.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  res
    .status(http)
    .json({ error: { code: error.code, ...publicError(error), request_id: requestId } });
}

/** The caller the route's `auth` asks for: a user, a Google service identity, or nobody. */
async function authorize(
  spec: AnyRoute,
  req: Request,
  functionName: string,
  edge: Edge,
): Promise<Caller | undefined> {
  if (spec.auth === 'public') return undefined;
  if (typeof spec.auth === 'object') {
    await edge.verifyServiceCaller(
      { functionName, authorization: req.get('authorization'), url: reachedUrl(req) },
      spec.auth.service,
    );
    return undefined;
  }
  const caller = await edge.authenticate(req.get('authorization'));
  requireRole(caller, spec.auth);
  return caller;
}

/** Answers a request that failed in the API's error shape, with one log line (never the body). */
export function failRequest(req: Request, res: Response, caught: unknown, requestId: string): void {
  const error = toAppError(caught);
  const severity = failureSeverity(error);
  if (severity !== 'INFO') {
    (severity === 'ERROR' ? log.error : log.warn)(LogEvent.requestFailed, error.message, {
      method: req.method,
      path: req.path,
      error: error.cause ?? error,
    });
  } else {
    log.info(LogEvent.requestRejected, error.message, {
      method: req.method,
      path: req.path,
      code: error.code,
    });
  }
  if (!res.headersSent) sendError(res, error, requestId);
}

async function run(
  route: CompiledRoute,
  match: RegExpExecArray,
  req: Request,
  res: Response,
  requestId: string,
  functionName: string,
  edge: Edge,
): Promise<void> {
  const { spec } = route;
  const rawParams: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    rawParams[name] = decodeURIComponent(match[i + 1] ?? '');
  });

  const caller = await authorize(spec, req, functionName, edge);

  const params = spec.params ? spec.params.safeParse(rawParams) : undefined;
  if (params && !params.success) throw fromZod(params.error, 'params');
  const query = spec.query ? spec.query.safeParse(flattenQuery(req.query)) : undefined;
  if (query && !query.success) throw fromZod(query.error, 'query');
  const headers = spec.headers ? spec.headers.safeParse(req.headers) : undefined;
  if (headers && !headers.success) throw fromZod(headers.error, 'headers');
  let body: ReturnType<NonNullable<AnyRoute['body']>['safeParse']> | undefined;
  if (spec.body) {
    const raw = (await jsonBody(req, spec.maxBodyBytes)) ?? (spec.bodyOptional ? {} : undefined);
    if (raw === undefined) {
      throw new AppError('invalid_argument', 'A JSON request body is required', {
        details: [{ path: 'body', message: 'Required' }],
      });
    }
    body = spec.body.safeParse(raw);
    if (!body.success) throw fromZod(body.error);
  }
  const bytes = spec.rawBody
    ? await bytesBody(req, spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT, spec.rawBody.contentTypes)
    : undefined;

  const result = await spec.handler({
    req,
    res,
    params: params?.data,
    query: query?.data,
    body: body?.data,
    headers: headers?.data,
    bytes,
    caller: caller as Caller,
    requestId,
    ctx: {
      requestId,
      clientAddress: clientAddress(
        req.headers['x-forwarded-for'],
        req.socket.remoteAddress,
        edge.trustedProxyHops,
      ),
    },
  });
  const reply = result instanceof HttpReply ? result : new HttpReply(spec.status ?? 200, result);
  if (reply.status !== (spec.status ?? 200) && !spec.alsoAnswers?.includes(reply.status)) {
    // The OpenAPI document lists every success status a route answers: keep them in step.
    throw new AppError(
      'internal',
      `${spec.method} ${spec.path} answered an undocumented ${reply.status}`,
    );
  }
  const checked = spec.response.safeParse(reply.body);
  if (!checked.success) {
    throw new AppError('internal', `Response for ${spec.method} ${spec.path} broke its schema`, {
      cause: checked.error,
    });
  }
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.status === 204) {
    res.status(204).end();
    return;
  }
  if (spec.produces === 'text/html') {
    res.status(reply.status).type('html').send(checked.data);
    return;
  }
  res.status(reply.status).json(checked.data);
}

/**
 * One HTTP function serving a table of routes: CORS, request ids, authentication and roles,
 * zod validation of params, query and body (400 with the failing field's path), response
 * validation against the route's schema, and the single error → status mapping.
 */
export function createRouter(functionName: string, routes: AnyRoute[], edge: Edge): HttpFunction {
  const compiled: CompiledRoute[] = routes.map((spec) => ({ spec, ...compilePath(spec.path) }));

  return (req: Request, res: Response) => {
    const requestId = requestIdFrom(req.headers);
    const trace = traceField(edge.projectId, req.headers);
    for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('Cache-Control', 'no-store');

    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    const path = req.path;
    return withLogContext({ requestId, trace, functionName }, async () => {
      try {
        checkPath(req);
        const candidates = compiled
          .map((route) => ({ route, match: route.pattern.exec(path) }))
          .filter((c): c is { route: CompiledRoute; match: RegExpExecArray } => c.match !== null)
          // A literal segment beats a parameter: /pathways/{id}/publish before /pathways/{id}/{x}.
          .sort((a, b) => a.route.paramNames.length - b.route.paramNames.length);
        if (candidates.length === 0) {
          throw new AppError('not_found', `No route for ${req.method} ${path}`);
        }
        const method = (req.method === 'HEAD' ? 'GET' : req.method) as HttpMethod;
        const chosen = candidates.find((c) => c.route.spec.method === method);
        if (!chosen) {
          res.setHeader(
            'Allow',
            [...new Set(candidates.map((c) => c.route.spec.method))].join(', '),
          );
          throw new AppError('method_not_allowed', `${req.method} is not allowed on ${path}`);
        }
        await run(chosen.route, chosen.match, req, res, requestId, functionName, edge);
      } catch (caught) {
        failRequest(req, res, caught, requestId);
      }
    });
  };
}
