// The Firestore emulator's trigger router. Started with `--functions_emulator`, the emulator POSTs
// a binary-mode CloudEvent, as Eventarc does, to
// `http://<router>/functions/projects/<project>/triggers/<trigger id>` for every write that
// matches a trigger registered on it. It has one such address for every project, while a test run
// can have two local stacks at once, each on a project of its own. So each stack's Firestore
// delivery (infra/local/firestore-delivery.ts) listens on a port of its own and claims its project
// here:
//
//   PUT    /routes/<project>   {"url": "http://127.0.0.1:<port>"}   the project's events go there
//   DELETE /routes/<project>   {"url": …}                            released, if still that url
//
// and the router forwards each event, headers and body unchanged, answering with the stack's
// status (404 when no stack claims the project, 502 when the claimed one does not answer). The
// emulator does not retry; a stack answers once it has queued the event, and retries it itself.
// Plain JavaScript: infra/local/emulators.mjs runs it before anything TypeScript.
import http from 'node:http';

const EVENT_PATH = /^\/functions\/projects\/([^/]+)\/triggers\/[^/]+$/;
const ROUTE_PATH = /^\/routes\/([^/]+)$/;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
]);

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function claimedUrl(body) {
  try {
    const { url } = JSON.parse(body.toString('utf8'));
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' && parsed.pathname === '/') return parsed.origin;
  } catch {
    // refused below
  }
  return undefined;
}

/** Starts the router on `port` of 127.0.0.1; resolves with a `close()` once it listens. */
export async function startTriggerRouter(port) {
  const routes = new Map();
  const server = http.createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://router');
      const route = ROUTE_PATH.exec(url.pathname);
      if (route && (request.method === 'PUT' || request.method === 'DELETE')) {
        const project = decodeURIComponent(route[1]);
        const claimed = claimedUrl(body);
        if (!claimed)
          return answer(response, 400, { error: 'body must be {"url": "http://host:port"}' });
        if (request.method === 'PUT') routes.set(project, claimed);
        else if (routes.get(project) === claimed) routes.delete(project);
        response.writeHead(204).end();
        return;
      }
      const event = EVENT_PATH.exec(url.pathname);
      if (!event || request.method !== 'POST') return answer(response, 404, { error: 'not found' });
      const target = routes.get(decodeURIComponent(event[1]));
      if (!target) return answer(response, 404, { error: `no stack claims project ${event[1]}` });
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
      );
      try {
        const forwarded = await fetch(`${target}${url.pathname}`, {
          method: 'POST',
          headers,
          body,
        });
        const text = await forwarded.text();
        response.writeHead(forwarded.status, { 'content-type': 'application/json' });
        response.end(text);
      } catch (error) {
        answer(response, 502, { error: `${target}: ${error.message}` });
      }
    } catch (error) {
      answer(response, 500, { error: error.message });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
