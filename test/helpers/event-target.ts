import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A plain HTTP server standing in for event functions, for tests of the local Eventarc
 * stand-ins: it records each POST by path and answers 503 to the first `refuse.get(path)` of a
 * path's deliveries, 204 after; POSTs to a path in `hold` get their answer only on `release`.
 */
export interface EventTarget {
  base: string;
  received: Map<string, ReceivedEvent[]>;
  refuse: Map<string, number>;
  hold: Set<string>;
  /** Stops holding `path` and answers the POSTs it held. */
  release(path: string): void;
  close(): Promise<void>;
}

export async function startEventTarget(): Promise<EventTarget> {
  const received = new Map<string, ReceivedEvent[]>();
  const refuse = new Map<string, number>();
  const hold = new Set<string>();
  const held = new Map<string, (() => void)[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const list = received.get(path) ?? [];
      list.push({ headers: req.headers, body: Buffer.concat(chunks) });
      received.set(path, list);
      res.statusCode = list.length <= (refuse.get(path) ?? 0) ? 503 : 204;
      if (hold.has(path)) held.set(path, [...(held.get(path) ?? []), () => res.end()]);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    refuse,
    hold,
    release: (path) => {
      hold.delete(path);
      for (const answer of held.get(path) ?? []) answer();
      held.delete(path);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
