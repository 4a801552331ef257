/**
 * Eventarc-style delivery of Cloud Storage events: binary-mode CloudEvents POSTed to every
 * subscriber of the bucket and event type, with the trigger identity's OIDC token when the
 * subscription names one, retried with exponential backoff on non-2xx answers and connection
 * errors, as Eventarc retries push deliveries.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { SavedDelivery, StorageJournal } from './journal';
import type { StorageSubscription, TokenMinter } from './types';

export interface DeliveryOptions {
  initialDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Signs the OIDC tokens of subscriptions that ask for one. */
  tokens?: TokenMinter;
  /** Keeps deliveries not yet acknowledged, so a restarted emulator makes them. */
  journal?: StorageJournal;
}

export const EVENT_TYPES = {
  finalized: 'google.cloud.storage.object.v1.finalized',
  deleted: 'google.cloud.storage.object.v1.deleted',
} as const;

type Delivery = SavedDelivery;

export class EventDispatcher {
  private readonly subscriptions: StorageSubscription[] = [];
  private readonly initialDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly tokens: TokenMinter | undefined;
  private readonly journal: StorageJournal | undefined;
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;
  private sequence = randomInt(1_000_000, 9_000_000) * 1_000_000;

  constructor(options: DeliveryOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.tokens = options.tokens;
    this.journal = options.journal;
  }

  /**
   * Makes the deliveries a previous emulator left unacknowledged: an event whose delivery a
   * stop cut short reaches its function again, with the same event id (at least once).
   */
  resume(): void {
    for (const delivery of this.journal?.deliveries() ?? []) {
      this.pending++;
      void this.attempt(delivery);
    }
  }

  subscribe(sub: StorageSubscription): void {
    if (sub.eventType !== 'finalized' && sub.eventType !== 'deleted') {
      throw new Error(`Unknown storage event type: ${String(sub.eventType)}`);
    }
    new URL(sub.url);
    if (sub.oidcToken && !this.tokens) {
      throw new Error(`A subscription to ${sub.url} asks for OIDC tokens, but no signer was given`);
    }
    this.subscriptions.push({ ...sub });
  }

  publish(
    eventType: keyof typeof EVENT_TYPES,
    bucket: string,
    objectName: string,
    time: string,
    data: Record<string, unknown>,
  ): void {
    const targets = this.subscriptions.filter(
      (s) => s.bucket === bucket && s.eventType === eventType,
    );
    // After a stop only a journal can take an event (an upload that was finishing): the next
    // emulator delivers it.
    if (targets.length === 0 || (this.stopped && !this.journal)) return;
    const body = JSON.stringify(data);
    for (const target of targets) {
      // Each subscriber is its own Eventarc trigger, so each gets its own event id.
      this.sequence++;
      const headers = {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': String(this.sequence),
        'ce-type': EVENT_TYPES[eventType],
        'ce-source': `//storage.googleapis.com/projects/_/buckets/${bucket}`,
        'ce-subject': `objects/${objectName}`,
        'ce-time': time,
        'ce-bucket': bucket,
      };
      const delivery: Delivery = {
        id: randomUUID(),
        url: target.url,
        headers,
        body,
        attempt: 1,
        ...(target.oidcToken ? { oidcToken: target.oidcToken } : {}),
      };
      this.journal?.saveDelivery(delivery);
      if (this.stopped) continue;
      this.pending++;
      void this.attempt(delivery);
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (this.stopped) return this.settle();
    const controller = new AbortController();
    this.inFlight.add(controller);
    let failure: string | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: this.headersFor(delivery),
        body: delivery.body,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) failure = `HTTP ${response.status}`;
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    } finally {
      this.inFlight.delete(controller);
    }
    // Stopped: the delivery stays in the journal for the next emulator.
    if (this.stopped) return this.settle();
    if (failure === undefined) {
      this.journal?.removeDelivery(delivery.id);
      return this.settle();
    }
    if (delivery.attempt >= this.maxAttempts) {
      console.warn(
        `[storage-emulator] gave up delivering ${delivery.headers['ce-type']} ${delivery.headers['ce-subject']} to ${delivery.url} after ${delivery.attempt} attempts (${failure})`,
      );
      this.journal?.removeDelivery(delivery.id);
      return this.settle();
    }
    const delay = this.initialDelayMs * 2 ** (delivery.attempt - 1);
    const next = { ...delivery, attempt: delivery.attempt + 1 };
    this.journal?.saveDelivery(next);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(next);
    }, delay);
    this.timers.add(timer);
  }

  /** Eventarc mints a fresh token for every attempt; so does this. */
  private headersFor(delivery: Delivery): Record<string, string> {
    const { oidcToken } = delivery;
    if (!oidcToken || !this.tokens) return delivery.headers;
    const token = this.tokens(oidcToken.serviceAccountEmail, oidcToken.audience ?? delivery.url);
    return { ...delivery.headers, authorization: `Bearer ${token}` };
  }

  private settle(): void {
    this.pending--;
    if (this.pending === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Abandons retries and in-flight deliveries; `idle()` waiters are released. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
      this.settle();
    }
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
  }
}
