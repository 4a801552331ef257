/**
 * The HTTP face of the emulator: the Cloud Tasks v2 REST routes that `@google-cloud/tasks` calls
 * in REST fallback mode (paths from the API's `google.api.http` annotations, proto3 JSON bodies,
 * Google's error shape), plus the endpoints a task handler needs to verify OIDC tokens.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, invalid } from './errors';
import { OIDC_ISSUER, type OidcSigner } from '../oidc';
import { parseView, type Encoding } from './resources';
import type { Page, TasksService } from './service';

/** Requests are task-sized; anything far bigger is a mistake, not a task. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export const OIDC_PATHS = {
  jwks: '/oauth2/v3/certs',
  pemCerts: '/oauth2/v1/certs',
  discovery: '/.well-known/openid-configuration',
} as const;

interface Call {
  method: string;
  segments: string[];
  verb: string | undefined;
  query: URLSearchParams;
  body: unknown;
  encoding: Encoding;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(invalid('Request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw invalid(`Invalid value for ${name}: ${raw}`);
  return value;
}

function viewParam(query: URLSearchParams): ReturnType<typeof parseView> {
  const raw = query.get('responseView');
  if (raw === null || raw === '') return parseView(undefined);
  return parseView(/^\d+$/.test(raw) ? Number(raw) : raw);
}

function listBody<T>(page: Page<T>, key: string): Record<string, unknown> {
  const body: Record<string, unknown> = { [key]: page.items };
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  return body;
}

const unimplemented = (what: string) =>
  new ApiError(
    'UNIMPLEMENTED',
    `${what} is not emulated: queues come from the function manifest at emulator start`,
  );

/** Routes a v2 call; `segments` are the decoded path segments after `/v2/`. */
function route(service: TasksService, call: Call): unknown {
  const { method, segments, verb, query, body, encoding } = call;
  const [p, project, l, location, q, queueId, t, taskId, ...extra] = segments;
  if (p !== 'projects' || l !== 'locations' || !project || !location || extra.length > 0) {
    throw new ApiError('NOT_FOUND', `No Cloud Tasks method at /v2/${segments.join('/')}`);
  }
  const parent = `projects/${project}/locations/${location}`;
  if (q !== 'queues') throw new ApiError('NOT_FOUND', `No Cloud Tasks method under ${parent}`);

  if (queueId === undefined) {
    if (verb) throw new ApiError('NOT_FOUND', `Unknown method :${verb}`);
    if (method === 'GET') {
      const page = service.listQueues(
        parent,
        intParam(query, 'pageSize'),
        query.get('pageToken') ?? undefined,
        encoding,
      );
      return listBody(page, 'queues');
    }
    if (method === 'POST') throw unimplemented('CreateQueue');
    throw new ApiError('NOT_FOUND', `${method} is not a method on queues`);
  }

  const queueName = `${parent}/queues/${queueId}`;
  if (t === undefined) {
    if (method === 'GET' && !verb) return service.getQueue(queueName, encoding);
    if (method === 'POST' && verb === 'purge') return service.purgeQueue(queueName, encoding);
    if (method === 'POST' && verb === 'pause') return service.pauseQueue(queueName, encoding);
    if (method === 'POST' && verb === 'resume') return service.resumeQueue(queueName, encoding);
    if (method === 'PATCH' && !verb) throw unimplemented('UpdateQueue');
    if (method === 'DELETE' && !verb) throw unimplemented('DeleteQueue');
    if (method === 'POST' && verb?.endsWith('IamPolicy')) throw unimplemented('IAM');
    if (method === 'POST' && verb === 'testIamPermissions') throw unimplemented('IAM');
    throw new ApiError('NOT_FOUND', `${method} ${verb ? `:${verb}` : ''} is not a queue method`);
  }
  if (t !== 'tasks') throw new ApiError('NOT_FOUND', `No Cloud Tasks method under ${queueName}`);

  if (taskId === undefined) {
    if (verb === 'buffer') throw unimplemented('BufferTask');
    if (verb) throw new ApiError('NOT_FOUND', `Unknown method :${verb}`);
    if (method === 'GET') {
      const page = service.listTasks(
        queueName,
        viewParam(query),
        intParam(query, 'pageSize'),
        query.get('pageToken') ?? undefined,
        encoding,
      );
      return listBody(page, 'tasks');
    }
    if (method === 'POST') return service.createTask(queueName, body, encoding);
    throw new ApiError('NOT_FOUND', `${method} is not a method on tasks`);
  }

  const taskName = `${queueName}/tasks/${taskId}`;
  if (method === 'GET' && !verb) return service.getTask(taskName, viewParam(query), encoding);
  if (method === 'DELETE' && !verb) {
    service.deleteTask(taskName);
    return {};
  }
  if (method === 'POST' && verb === 'run') {
    const view = parseView((body as { responseView?: unknown } | undefined)?.responseView);
    return service.runTask(taskName, view, encoding);
  }
  throw new ApiError('NOT_FOUND', `${method} ${verb ? `:${verb}` : ''} is not a task method`);
}

function oidcRoute(path: string, signer: OidcSigner, origin: string): unknown {
  if (path === OIDC_PATHS.jwks) return signer.jwks;
  if (path === OIDC_PATHS.pemCerts) return signer.pemCerts;
  if (path === OIDC_PATHS.discovery) {
    return {
      issuer: OIDC_ISSUER,
      jwks_uri: `${origin}${OIDC_PATHS.jwks}`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      response_types_supported: ['id_token'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'sub', 'azp'],
    };
  }
  return undefined;
}

async function handle(
  service: TasksService,
  signer: OidcSigner,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    if (method === 'GET') {
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      const oidc = oidcRoute(url.pathname, signer, origin);
      if (oidc !== undefined) {
        sendJson(res, 200, oidc);
        return;
      }
    }
    if (!url.pathname.startsWith('/v2/')) {
      throw new ApiError('NOT_FOUND', `Nothing at ${url.pathname}; the Cloud Tasks API is at /v2/`);
    }
    const raw = await readBody(req);
    let body: unknown = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('Invalid JSON payload received.');
      }
    }
    const segments = url.pathname.slice('/v2/'.length).split('/');
    const last = segments[segments.length - 1] ?? '';
    const colon = last.indexOf(':');
    const verb = colon >= 0 ? last.slice(colon + 1) : undefined;
    if (colon >= 0) segments[segments.length - 1] = last.slice(0, colon);
    const decoded = segments.map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw invalid(`Malformed path segment ${segment}`);
      }
    });
    const alt = url.searchParams.get('$alt') ?? '';
    const result = route(service, {
      method,
      segments: decoded,
      verb,
      query: url.searchParams,
      body,
      encoding: { numericEnums: alt.includes('enum-encoding=int') },
    });
    sendJson(res, 200, result);
  } catch (err) {
    const error =
      err instanceof ApiError
        ? err
        : new ApiError('INTERNAL', err instanceof Error ? err.message : String(err));
    if (!(err instanceof ApiError)) console.error('tasks-emulator: internal error', err);
    if (!res.headersSent) sendJson(res, error.httpStatus, error.toJSON());
    else res.destroy();
  }
}

export async function listen(
  service: TasksService,
  signer: OidcSigner,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = http.createServer((req, res) => {
    void handle(service, signer, req, res);
  });
  // Idle connections stay open longer than any client keeps them (as Google's front ends do), so
  // a client never reuses a socket the server is closing at that moment (ECONNRESET under
  // concurrent createTask calls); close() ends them, so they never hold stop() hostage.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
