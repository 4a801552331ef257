/**
 * A local Cloud Storage that speaks the production wire protocols: V4 signed URLs on the XML
 * API (verified against registered service-account public keys), bucket CORS, the JSON API
 * subset `@google-cloud/storage` uses, and Eventarc-style `object.v1.finalized`/`deleted`
 * CloudEvents. Product code runs unchanged; only STORAGE_EMULATOR_HOST points here.
 * See README.md in this folder.
 */
import { createHash, type KeyObject } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diskBackend, memoryBackend, persistentDiskBackend } from './blobs';
import type { ApiContext, ParsedUrl } from './context';
import { StorageError } from './errors';
import { EventDispatcher, type DeliveryOptions } from './events';
import { sendEmpty, sendJson, sendJsonError, sendXmlError } from './http';
import { StorageJournal } from './journal';
import { handleJson, jsonRoute } from './json-api';
import { objectResource } from './resources';
import { publicKeyFromPem } from './signature';
import { Store } from './store';
import type { CorsRule, StorageSubscription } from './types';
import { SessionRegistry } from './uploads';
import { handleXml, sendXmlStorageError } from './xml-api';

export type { CorsRule, StorageSubscription, TokenMinter } from './types';

export interface StorageEmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  projectId: string;
  /** Service-account email → public key PEM, used to verify V4 signed URLs. */
  signers: Record<string, string>;
  /** Created at start. */
  buckets?: { name: string; cors?: CorsRule[] }[];
  subscriptions?: StorageSubscription[];
  /** Store object bytes on disk (in a private subfolder, removed on stop) instead of memory. */
  dataDir?: string;
  /**
   * Keep objects (metadata and bytes), unacknowledged event deliveries and resumable upload
   * sessions in this directory, so an emulator started later on it serves the same objects,
   * makes those deliveries and continues those sessions (see journal.ts). Takes precedence over
   * `dataDir`.
   */
  stateDir?: string;
  /** Event delivery knobs, and the OIDC signer for subscriptions with `oidcToken`. */
  delivery?: DeliveryOptions;
}

export interface StorageEmulator {
  /** E.g. http://127.0.0.1:4443 — the value for STORAGE_EMULATOR_HOST. */
  readonly url: string;
  readonly port: number;
  addSigner(email: string, publicKeyPem: string): void;
  subscribe(sub: StorageSubscription): void;
  /** Deletes every object and open upload session; buckets and their CORS stay. */
  reset(): Promise<void>;
  /** Resolves when no event delivery (including scheduled retries) is pending. */
  idle(): Promise<void>;
  /** Stops serving; with a `stateDir`, its state stays there for the next emulator. */
  stop(): Promise<void>;
}

export const RESET_PATH = '/_emulator/reset';

function projectNumberOf(projectId: string): string {
  const digest = createHash('sha256').update(projectId).digest();
  return String(digest.readUIntBE(0, 5)).padStart(12, '1').slice(0, 12);
}

export async function startStorageEmulator(
  options: StorageEmulatorOptions,
): Promise<StorageEmulator> {
  const host = options.host ?? '127.0.0.1';
  const keys = new Map<string, KeyObject>();
  for (const [email, pem] of Object.entries(options.signers))
    keys.set(email, publicKeyFromPem(pem));

  const journal = options.stateDir ? new StorageJournal(options.stateDir) : undefined;
  const dispatcher = new EventDispatcher({ ...options.delivery, ...(journal ? { journal } : {}) });
  for (const sub of options.subscriptions ?? []) dispatcher.subscribe(sub);

  let url = '';
  const persistent = journal ? await persistentDiskBackend(journal.blobsDir) : undefined;
  const backend =
    persistent ?? (options.dataDir ? await diskBackend(options.dataDir) : memoryBackend());
  const store = new Store(
    backend,
    (type, object) => {
      const time = type === 'deleted' ? new Date().toISOString() : object.updated;
      dispatcher.publish(type, object.bucket, object.name, time, objectResource(object, url));
    },
    journal,
  );
  for (const bucket of options.buckets ?? []) store.createBucket(bucket.name, bucket.cors ?? []);
  const persistence = journal && persistent ? { journal, backend: persistent } : undefined;
  const sessions = new SessionRegistry(store, persistence);
  if (persistence) {
    const objectFiles = store.restore(persistence.journal.objects(), persistence.backend.adopt);
    const sessionFiles = await sessions.restore(new Set(objectFiles));
    // Bytes of uploads that were streaming when the previous emulator stopped: nobody can
    // finish those (a single request is not resumable), so they go.
    await persistence.backend.sweep(new Set([...objectFiles, ...sessionFiles]));
  }

  const ctx: ApiContext = {
    store,
    sessions,
    keys,
    projectId: options.projectId,
    projectNumber: projectNumberOf(options.projectId),
    baseUrl: () => url,
  };

  const reset = async () => {
    await sessions.reset();
    await store.reset();
  };

  const server = http.createServer((req, res) => {
    handle(ctx, req, res, reset).catch((err: unknown) => {
      console.error('[storage-emulator] internal error', err);
      if (!res.headersSent) sendJson(req, res, 500, { error: { code: 500, message: String(err) } });
      else res.destroy();
    });
  });
  // Large uploads over slow links must not be cut by the default request timeout.
  server.requestTimeout = 0;
  // Idle connections stay open longer than any client keeps them (as Google's front ends do),
  // so a client never reuses a socket the server is closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  dispatcher.resume();

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    addSigner(email, publicKeyPem) {
      keys.set(email, publicKeyFromPem(publicKeyPem));
    },
    subscribe(sub) {
      dispatcher.subscribe(sub);
    },
    reset,
    idle: () => dispatcher.idle(),
    stop() {
      stopped ??= (async () => {
        dispatcher.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // With a state directory everything stays there for the next emulator.
        if (persistence) {
          await sessions.close();
          return;
        }
        await reset();
        await backend.dispose();
      })();
      return stopped;
    },
  };
}

async function handle(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  reset: () => Promise<void>,
): Promise<void> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  const url: ParsedUrl = { rawPath, rawQuery, query: new URLSearchParams(rawQuery) };

  if (rawPath.startsWith('/_emulator/')) {
    await handleAdmin(ctx, req, res, rawPath, reset);
    return;
  }
  const route = jsonRoute(rawPath);
  try {
    if (route) await handleJson(ctx, req, res, url, route);
    else await handleXml(ctx, req, res, url);
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
    if (route) sendJsonError(req, res, err);
    else sendXmlStorageError(req, res, err);
  }
}

async function handleAdmin(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  reset: () => Promise<void>,
): Promise<void> {
  if (rawPath === RESET_PATH && (req.method === 'DELETE' || req.method === 'POST')) {
    await reset();
    sendEmpty(req, res, 204);
    return;
  }
  if (rawPath === '/_emulator/info' && req.method === 'GET') {
    sendJson(req, res, 200, {
      projectId: ctx.projectId,
      url: ctx.baseUrl(),
      storage: ctx.store.backend.kind,
      buckets: ctx.store.listBuckets().map((b) => b.name),
      signers: [...ctx.keys.keys()],
    });
    return;
  }
  sendXmlError(req, res, 404, 'NotFound', `No emulator endpoint ${req.method} ${rawPath}.`);
}
