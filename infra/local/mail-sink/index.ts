/**
 * A local SMTP sink for the local stack: receives mail over SMTP (smtp-server), parses it
 * (mailparser), keeps it in memory and shows it over HTTP — an HTML list at `/`, JSON at
 * `/api/messages`. Both listen on loopback only. Recipients at a `.invalid` domain (RFC 2606)
 * are refused with a permanent 550, so a bounce can be played locally, and `+tempfail`
 * subaddresses with a temporary 451, so can a mailbox that is down for now. See README.md.
 */
import type { AddressInfo, Server } from 'node:net';
import { createHttpServer } from './http';
import { createSmtpServer } from './smtp';
import { MessageStore, type StoredMessage } from './store';

export type { StoredMessage } from './store';

export interface MailSinkOptions {
  /** 0 (default) picks a free port. */
  smtpPort?: number;
  httpPort?: number;
  /** Loopback by default; the sink has no authentication. */
  host?: string;
  /** Oldest messages are dropped beyond this many; 500 by default. */
  capacity?: number;
  maxMessageBytes?: number;
  bounces?: (address: string) => boolean;
  defers?: (address: string) => boolean;
}

export interface MailSink {
  readonly smtp: { host: string; port: number };
  /** Where the list of received messages is shown. */
  readonly url: string;
  messages(): readonly StoredMessage[];
  waitFor(match: (m: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;
  clear(): void;
  stop(): Promise<void>;
}

export const bouncesInvalidDomain = (address: string) => /@([^@]+\.)?invalid$/i.test(address);
export const defersTempfailTag = (address: string) => /\+tempfail@/i.test(address);

/** Starts a server with `start` and answers the port it took (0 asks for any free one). */
function portOnceListening(server: Server, start: (done: () => void) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const store = new MessageStore(options.capacity ?? 500);
  const smtp = createSmtpServer({
    store,
    maxMessageBytes: options.maxMessageBytes ?? 25 * 1024 * 1024,
    bounces: options.bounces ?? bouncesInvalidDomain,
    defers: options.defers ?? defersTempfailTag,
    now: () => new Date(),
  });
  // smtp-server listens through its own net.Server.
  const smtpPort = await portOnceListening(smtp.server, (done) =>
    smtp.listen(options.smtpPort ?? 0, host, done),
  );
  const http = createHttpServer(store, () => `${host}:${smtpPort}`);
  let httpPort: number;
  try {
    httpPort = await portOnceListening(http, (done) =>
      http.listen(options.httpPort ?? 0, host, done),
    );
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    smtp: { host, port: smtpPort },
    url: `http://${urlHost}:${httpPort}/`,
    messages: () => store.list(),
    waitFor: (match, timeoutMs = 10_000) => store.waitFor(match, timeoutMs),
    clear: () => store.clear(),
    stop: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
