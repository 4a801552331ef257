import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listPage } from './page';
import type { MessageStore, StoredMessage } from './store';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

const notFound = (res: ServerResponse) =>
  json(res, 404, { error: { code: 'not_found', message: 'No such message or path' } });

/** JSON view of a message: everything but the raw bytes, which have their own route. */
function view(m: StoredMessage) {
  const { raw: _raw, ...rest } = m;
  return rest;
}

/**
 * The browsing side. A message's HTML part is served under a sandboxing CSP: it is mail from
 * the code under test, shown in the developer's browser, and must not run scripts there.
 */
export function createHttpServer(store: MessageStore, smtpAddress: () => string): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const one = /^\/(?:api\/)?messages\/([^/]+)(?:\/(html|text|raw))?$/.exec(path);

    if (path === '/' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(listPage(store.list(), smtpAddress()));
      return;
    }
    if (path === '/api/messages' && method === 'GET') {
      json(res, 200, { messages: store.list().map(view) });
      return;
    }
    if (path === '/api/messages' && method === 'DELETE') {
      store.clear();
      res.writeHead(204).end();
      return;
    }
    if (one && method === 'GET') {
      const message = store.get(one[1]!);
      if (!message) return notFound(res);
      const part = one[2];
      if (!part) return json(res, 200, view(message));
      if (part === 'raw') {
        res.writeHead(200, { 'content-type': 'message/rfc822' });
        res.end(message.raw);
        return;
      }
      const body = part === 'html' ? message.html : message.text;
      if (body === null) return notFound(res);
      res.writeHead(200, {
        'content-type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
        'content-security-policy':
          "sandbox; default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
      return;
    }
    if (path === '/api/messages' || one) {
      json(res, 405, {
        error: { code: 'method_not_allowed', message: `${method} is not allowed` },
      });
      return;
    }
    notFound(res);
  });
}
