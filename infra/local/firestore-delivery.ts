/**
 * Firestore → event functions, as Eventarc delivers them in the cloud. A function deployed with a
 * `google.cloud.firestore.document.v1.created` filter gets each new document matching its path
 * pattern as an HTTP POST: a binary-mode CloudEvent whose subject names the document, with an OIDC
 * token of the trigger's service account. Each trigger is registered on the Firestore emulator,
 * which (started with `--functions_emulator` by our launcher) POSTs the event of every matching
 * write to the trigger router of infra/local/emulators.mjs; the router forwards the project's
 * events to the receiver this class opens, which queues each one, answers at once (the emulator
 * does not retry) and POSTs it to the function with the token:
 *
 * - documents already there when it starts count as created now (the cloud would have delivered
 *   them when they were written; a relay that finds nothing to do is harmless);
 * - a failed delivery is retried with exponential backoff while the function has `retry`, as
 *   Eventarc does, and given up after `maxAttempts`;
 * - at most `maxConcurrent` deliveries are in flight, the others wait their turn.
 *
 * Not a snapshot listener: the emulator answers each change to a listened query by sending the
 * whole result again, so listening to a collection that only grows (learner events) costs the
 * square of its size, gigabytes of the emulator's memory within minutes of the soak.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentReference, Firestore, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { postEvent } from './event-post';
import { claimProject, registerTrigger } from './firestore-triggers';
import type { TokenMinter } from './storage-emulator';

export const DOCUMENT_CREATED = 'google.cloud.firestore.document.v1.created';
export const DOCUMENT_WRITTEN = 'google.cloud.firestore.document.v1.written';

/**
 * Code run in process on every write (create, update or delete) of a document matching `pattern`,
 * as an extension's trigger would run: the Trigger Email extension's mail deliverer, or a
 * benchmark's ledger. It gets the documents already there at start too, and does its own retries.
 */
export interface DocumentWatcher {
  id: string;
  pattern: string;
  written(document: DocumentReference): void;
}

export interface FirestoreTarget {
  functionName: string;
  /** `outbox/{id}`, or a subcollection's documents such as `users/{uid}/events/{eventId}`. */
  pattern: string;
  url: string;
  retry: boolean;
  timeoutMs: number;
}

export interface FirestoreDeliveryOptions {
  firestore: Firestore;
  projectId: string;
  serviceAccountEmail: string;
  tokens: TokenMinter;
  targets: readonly FirestoreTarget[];
  initialDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  maxConcurrent?: number;
  /** host:port of the Firestore emulator, where the triggers are registered. */
  emulatorHost: string;
  /** host:port of the trigger router the emulator sends its events to. */
  routerHost: string;
  watchers?: readonly DocumentWatcher[];
}

/** The headers Eventarc sends for a created document (the body, protobuf in the cloud, is empty). */
export function documentCreatedHeaders(
  projectId: string,
  documentPath: string,
  eventId: string,
  time: Date,
): Record<string, string> {
  return {
    'content-type': 'application/protobuf',
    'ce-specversion': '1.0',
    'ce-id': eventId,
    'ce-type': DOCUMENT_CREATED,
    'ce-source': `//firestore.googleapis.com/projects/${projectId}/databases/(default)`,
    'ce-subject': `documents/${documentPath}`,
    'ce-time': time.toISOString(),
    'ce-dataschema':
      'https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/firestore/v1/data.proto',
    'ce-database': '(default)',
    'ce-namespace': '(default)',
    'ce-document': documentPath,
    'ce-location': 'nam5',
    'ce-project': projectId,
  };
}

export function collectionOf(pattern: string): string {
  const match = /^([^/{}]+)\/\{[^/{}]+\}$/.exec(pattern);
  if (!match?.[1]) throw new Error(`Only top-level collection patterns are delivered: ${pattern}`);
  return match[1];
}

/**
 * What to listen to for a pattern: its collection when top-level, else the collection group of
 * its last collection, keeping only the documents whose path fits the pattern.
 */
export function listenedDocuments(pattern: string): {
  collection: string;
  group: boolean;
  matches: (path: string) => boolean;
} {
  const segments = pattern.split('/');
  if (segments.length === 2) {
    const collection = collectionOf(pattern);
    return { collection, group: false, matches: () => true };
  }
  const collection = segments.at(-2);
  if (segments.length % 2 !== 0 || !collection || /[{}]/.test(collection))
    throw new Error(`Not a document path pattern: ${pattern}`);
  const shape = new RegExp(
    `^${segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`,
  );
  return { collection, group: true, matches: (path) => shape.test(path) };
}

interface Delivery {
  target: FirestoreTarget;
  path: string;
  eventId: string;
  time: Date;
  attempt: number;
}

const EVENT_PATH = /^\/functions\/projects\/([^/]+)\/triggers\/([^/]+)$/;

export class FirestoreDelivery {
  private readonly waiting: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly receiver: http.Server;
  private receiverUrl = '';
  private running = 0;
  private sequence = 0;
  private stopped = false;

  private constructor(private readonly options: FirestoreDeliveryOptions) {
    this.receiver = http.createServer((request, response) => this.receive(request, response));
  }

  /**
   * Opens the receiver, claims the project at the router, registers every trigger on the emulator
   * and queues the documents already there; resolves once all of that is done.
   */
  static async start(options: FirestoreDeliveryOptions): Promise<FirestoreDelivery> {
    const delivery = new FirestoreDelivery(options);
    await delivery.open();
    return delivery;
  }

  private async open(): Promise<void> {
    const { projectId, targets, emulatorHost, watchers = [] } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.receiver.once('error', reject);
      this.receiver.listen(0, '127.0.0.1', resolve);
    });
    this.receiverUrl = `http://127.0.0.1:${(this.receiver.address() as AddressInfo).port}`;
    await claimProject(this.options.routerHost, projectId, this.receiverUrl, 'PUT');
    const triggers = [
      ...targets.map((t) => ({
        id: t.functionName,
        pattern: t.pattern,
        eventType: DOCUMENT_CREATED,
      })),
      ...watchers.map((w) => ({ id: w.id, pattern: w.pattern, eventType: DOCUMENT_WRITTEN })),
    ];
    for (const trigger of triggers) await registerTrigger(emulatorHost, projectId, trigger);
    await Promise.all([
      ...targets.map((target) =>
        this.existing(target.pattern, (doc) => {
          this.sequence += 1;
          this.enqueue({
            target,
            path: doc.ref.path,
            eventId: `${Date.now().toString(36)}-${this.sequence}`,
            time: doc.createTime.toDate(),
            attempt: 0,
          });
        }),
      ),
      ...watchers.map((watcher) =>
        this.existing(watcher.pattern, (doc) => watcher.written(doc.ref)),
      ),
    ]);
  }

  /** Each document matching `pattern` now. */
  private async existing(pattern: string, each: (doc: QueryDocumentSnapshot) => void) {
    const { collection, group, matches } = listenedDocuments(pattern);
    const { firestore } = this.options;
    const source = group ? firestore.collectionGroup(collection) : firestore.collection(collection);
    const snapshot = await source.select().get();
    for (const doc of snapshot.docs) if (matches(doc.ref.path)) each(doc);
  }

  /** One event from the emulator (its path already matched to the trigger), queued, then answered. */
  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    request.resume();
    const match = EVENT_PATH.exec(request.url ?? '');
    const ours = match && decodeURIComponent(match[1] ?? '') === this.options.projectId;
    const id = decodeURIComponent(match?.[2] ?? '');
    const target = ours ? this.options.targets.find((t) => t.functionName === id) : undefined;
    const watcher = ours ? this.options.watchers?.find((w) => w.id === id) : undefined;
    const path = request.headers['ce-document'];
    const eventId = request.headers['ce-id'];
    const time = new Date(String(request.headers['ce-time']));
    const pattern = target?.pattern ?? watcher?.pattern;
    if (
      request.method !== 'POST' ||
      !pattern ||
      typeof path !== 'string' ||
      typeof eventId !== 'string'
    ) {
      response.writeHead(404).end();
      return;
    }
    if (!this.stopped) {
      if (watcher) watcher.written(this.options.firestore.doc(path));
      if (target) {
        const at = Number.isNaN(time.getTime()) ? new Date() : time;
        this.enqueue({ target, path, eventId, time: at, attempt: 0 });
      }
    }
    response.writeHead(204).end();
  }

  private enqueue(delivery: Delivery): void {
    if (this.stopped) return;
    this.waiting.push(delivery);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.maxConcurrent ?? 16;
    while (!this.stopped && this.running < limit && this.waiting.length > 0) {
      const next = this.waiting.shift() as Delivery;
      this.running += 1;
      void this.deliver(next).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { target } = delivery;
    const headers = documentCreatedHeaders(
      this.options.projectId,
      delivery.path,
      delivery.eventId,
      delivery.time,
    );
    const failure = await postEvent(
      target,
      { headers, body: '' },
      { ...this.options, inFlight: this.inFlight },
    );
    if (failure === undefined || this.stopped) return;
    const attempt = delivery.attempt + 1;
    if (!target.retry || attempt >= (this.options.maxAttempts ?? 20)) {
      console.warn(
        `[firestore-delivery] ${target.functionName} refused ${delivery.path} (${failure}); given up after ${attempt} attempt(s)`,
      );
      return;
    }
    const initial = this.options.initialDelayMs ?? 1000;
    const delay = Math.min(initial * 2 ** (attempt - 1), this.options.maxDelayMs ?? 60_000);
    if (attempt === 1) {
      console.warn(
        `[firestore-delivery] ${target.functionName} refused ${delivery.path} (${failure}); redelivered in ${delay} ms`,
      );
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue({ ...delivery, attempt });
    }, delay);
    this.timers.add(timer);
  }

  /** Stops receiving and delivering; what was not delivered is left to the outbox drain. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    for (const controller of this.inFlight) controller.abort();
    // The router may already be gone with the emulators; then there is nothing left to release.
    const { routerHost, projectId } = this.options;
    await claimProject(routerHost, projectId, this.receiverUrl, 'DELETE').catch(() => undefined);
    await new Promise<void>((resolve) => {
      this.receiver.close(() => resolve());
      this.receiver.closeAllConnections();
    });
  }
}
