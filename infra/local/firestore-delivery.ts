/**
 * Firestore → event functions, as Eventarc delivers them in the cloud. A function deployed with a
 * `google.cloud.firestore.document.v1.created` filter gets each new document matching its path
 * pattern as an HTTP POST: a binary-mode CloudEvent whose subject names the document, with an OIDC
 * token of the trigger's service account. The Firestore emulator cannot call a function of ours,
 * so the stack listens to each trigger's collection and makes that POST itself:
 *
 * - documents already there when it starts count as created now (the cloud would have delivered
 *   them when they were written; a relay that finds nothing to do is harmless);
 * - a failed delivery is retried with exponential backoff while the function has `retry`, as
 *   Eventarc does, and given up after `maxAttempts`;
 * - at most `maxConcurrent` deliveries are in flight, the others wait their turn.
 */
import type { Firestore, QuerySnapshot } from 'firebase-admin/firestore';
import { postEvent } from './event-post';
import type { TokenMinter } from './storage-emulator';

export const DOCUMENT_CREATED = 'google.cloud.firestore.document.v1.created';

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

export class FirestoreDelivery {
  private readonly unsubscribes: (() => void)[] = [];
  private readonly waiting: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private running = 0;
  private sequence = 0;
  private stopped = false;

  private constructor(private readonly options: FirestoreDeliveryOptions) {}

  /** Starts listening; resolves once every listener has its first snapshot. */
  static async start(options: FirestoreDeliveryOptions): Promise<FirestoreDelivery> {
    const delivery = new FirestoreDelivery(options);
    await Promise.all(options.targets.map((target) => delivery.listen(target)));
    return delivery;
  }

  private listen(target: FirestoreTarget): Promise<void> {
    const { collection, group, matches } = listenedDocuments(target.pattern);
    const { firestore } = this.options;
    const source = group ? firestore.collectionGroup(collection) : firestore.collection(collection);
    return new Promise((resolve) => {
      let first = true;
      const unsubscribe = source.onSnapshot(
        (snapshot: QuerySnapshot) => {
          for (const change of snapshot.docChanges()) {
            if (change.type !== 'added' || !matches(change.doc.ref.path)) continue;
            this.sequence += 1;
            this.enqueue({
              target,
              path: change.doc.ref.path,
              eventId: `${Date.now().toString(36)}-${this.sequence}`,
              time: change.doc.createTime.toDate(),
              attempt: 0,
            });
          }
          if (first) {
            first = false;
            resolve();
          }
        },
        (error) => {
          console.warn(`[firestore-delivery] ${collection}: ${error.message}`);
          resolve();
        },
      );
      this.unsubscribes.push(unsubscribe);
    });
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

  /** Stops listening and delivering; what was not delivered is left to the outbox drain. */
  stop(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    for (const controller of this.inFlight) controller.abort();
  }
}
