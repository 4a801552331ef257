import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A plain HTTP server standing in for event functions, for tests of the local Eventarc
 * stand-ins: it records each POST by path and answers 503 to the first `refuse.get(path)` of a
 * path's deliveries, 204 after.
 */
export interface EventTarget {
  base: string;
  received: Map<string, ReceivedEvent[]>;
  refuse: Map<string, number>;
  close(): Promise<void>;
}

export async function startEventTarget(): Promise<EventTarget> {
  const received = new Map<string, ReceivedEvent[]>();
  const refuse = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const list = received.get(path) ?? [];
      list.push({ headers: req.headers, body: Buffer.concat(chunks) });
      received.set(path, list);
      res.statusCode = list.length <= (refuse.get(path) ?? 0) ? 503 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    refuse,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
