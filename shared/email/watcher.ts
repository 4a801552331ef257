import { z } from 'zod';
import {
  DeliverySchema,
  PathwiseMailFieldsSchema,
  type Delivery,
  type EntityRef,
  type Watch,
} from './model';

/**
 * The delivery watcher's rules. The extension never retries by itself: a failed send stays in
 * ERROR, and a PROCESSING document whose lease expired turns into ERROR only if something writes
 * it again. Writing `delivery.state = 'RETRY'` makes the extension lease and send it once more.
 * The watcher does that with exponential backoff, up to a limit, and then gives up: the document
 * is made final and the entity the mail was about records that the learner was not reached.
 *
 * A scheduled function reads candidate documents and, per document inside a transaction,
 * re-reads it, calls `watch()` and applies the returned patch, so two overlapping runs act once.
 */
export interface WatcherPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** PENDING or RETRY for this long means the extension's trigger never picked the document up. */
  stuckAfterMs: number;
}

export const DEFAULT_WATCHER_POLICY: WatcherPolicy = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  stuckAfterMs: 10 * 60_000,
});

export type FailureKind =
  /** The extension never moved the document out of PENDING / RETRY. */
  | 'not_picked_up'
  /** A send started and its lease ran out without an outcome (crash, timeout). */
  | 'lease_expired'
  /** The SMTP server answered with a temporary failure or could not be reached. */
  | 'transient'
  /** The SMTP server refused the recipient permanently: the address bounces. */
  | 'recipient_rejected'
  /** The SMTP server refused this message permanently (policy, content). */
  | 'message_rejected'
  /** The extension refused the document itself. */
  | 'invalid_document';

const PERMANENT: ReadonlySet<FailureKind> = new Set([
  'recipient_rejected',
  'message_rejected',
  'invalid_document',
]);

export interface WatchedMail {
  id: string;
  delivery: Delivery | null;
  created_at: Date;
  template: string;
  entity: EntityRef;
  watch: Watch;
}

const WatchedDocumentSchema = z.object({
  delivery: DeliverySchema.nullish(),
  pathwise: PathwiseMailFieldsSchema.pick({
    created_at: true,
    template: true,
    entity: true,
    watch: true,
  }),
});

/**
 * Reads a `mail/` document as the watcher needs it; a document Pathwise did not write (no
 * `pathwise` fields) is refused with the failing field paths.
 */
export function toWatchedMail(id: string, data: unknown): WatchedMail {
  const doc = WatchedDocumentSchema.parse(data);
  return { id, delivery: doc.delivery ?? null, ...doc.pathwise };
}

/** Field paths (dotted, as Firestore `update()` takes them) and their new values. */
export type Patch = Record<string, string | number | boolean | Date | null>;

export interface EntityNotice {
  entity: EntityRef;
  /** Field path segments on the entity document: `mail_failures.<mail id>`. */
  field: [string, string];
  value: {
    mail_id: string;
    template: string;
    reason: FailureKind | 'retries_exhausted';
    error: string;
    attempts: number;
    at: Date;
  };
}

export type WatcherDecision =
  | { kind: 'leave'; reason: 'delivered' | 'in_flight' | 'awaiting_trigger' | 'given_up' }
  | { kind: 'wait'; until: Date; failure: FailureKind }
  | { kind: 'retry'; retry: number; failure: FailureKind; patch: Patch }
  | {
      kind: 'give_up';
      reason: FailureKind | 'retries_exhausted';
      failure: FailureKind;
      error: string;
      /** Set when the address itself bounced: add it to the suppression list. */
      suppress: 'bounced' | null;
      patch: Patch;
      notice: EntityNotice;
    };

const LEASE_EXPIRED = 'Message processing lease expired.';

/**
 * Reads an error string the extension stored (`e.toString()` of a nodemailer or validation
 * error). SMTP reply codes decide: 5xx on RCPT is a bounce, another 5xx a refused message,
 * anything else (4xx, network, timeouts, auth) may pass on a later attempt.
 */
export function classifyDeliveryError(error: string): FailureKind {
  if (error.includes(LEASE_EXPIRED)) return 'lease_expired';
  // A rejected login is Pathwise's configuration, not this message: it may be fixed meanwhile.
  if (/Invalid login|EAUTH|authentication (failed|required)/i.test(error)) return 'transient';
  if (
    /Invalid (email|message|template|sendGrid) configuration|at least (1|one) recipient/i.test(
      error,
    )
  ) {
    return 'invalid_document';
  }
  if (/recipients were rejected:?\s*5\d\d\b/i.test(error) || /\b5\d\d[ -]5\.1\.\d+\b/.test(error)) {
    return 'recipient_rejected';
  }
  if (/Message failed:?\s*5\d\d\b/i.test(error) || /\b5\d\d[ -]5\.\d+\.\d+\b/.test(error)) {
    return 'message_rejected';
  }
  return 'transient';
}

export function backoffMs(retry: number, policy: WatcherPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

interface Failure {
  kind: FailureKind;
  at: Date;
  error: string;
}

function failureOf(mail: WatchedMail, now: Date, policy: WatcherPolicy): Failure | 'leave' {
  const d = mail.delivery;
  const stuck = (since: Date) => now.getTime() - since.getTime() >= policy.stuckAfterMs;
  if (!d) {
    return stuck(mail.created_at)
      ? { kind: 'not_picked_up', at: mail.created_at, error: 'Never picked up for delivery' }
      : 'leave';
  }
  switch (d.state) {
    case 'SUCCESS':
      return 'leave';
    case 'PENDING':
    case 'RETRY': {
      const since =
        (d.state === 'RETRY' ? mail.watch.last_retry_at : null) ?? d.startTime ?? mail.created_at;
      return stuck(since)
        ? {
            kind: 'not_picked_up',
            at: since,
            error: `Still ${d.state} after ${since.toISOString()}`,
          }
        : 'leave';
    }
    case 'PROCESSING': {
      const lease = d.leaseExpireTime ?? d.startTime ?? mail.created_at;
      return lease.getTime() <= now.getTime()
        ? { kind: 'lease_expired', at: lease, error: LEASE_EXPIRED }
        : 'leave';
    }
    case 'ERROR': {
      const error = d.error ?? 'Unknown delivery error';
      return {
        kind: classifyDeliveryError(error),
        at: d.endTime ?? d.leaseExpireTime ?? d.startTime ?? mail.created_at,
        error,
      };
    }
  }
}

/** What to do with one `mail/` document now. */
export function watch(
  mail: WatchedMail,
  now: Date,
  policy: WatcherPolicy = DEFAULT_WATCHER_POLICY,
): WatcherDecision {
  if (mail.watch.given_up) return { kind: 'leave', reason: 'given_up' };
  const failure = failureOf(mail, now, policy);
  if (failure === 'leave') {
    const state = mail.delivery?.state;
    return {
      kind: 'leave',
      reason:
        state === 'SUCCESS'
          ? 'delivered'
          : state === 'PROCESSING'
            ? 'in_flight'
            : 'awaiting_trigger',
    };
  }
  const retries = mail.watch.retries;
  const permanent = PERMANENT.has(failure.kind);
  if (permanent || retries >= policy.maxRetries) {
    const reason = permanent ? failure.kind : 'retries_exhausted';
    const attempts = Math.max(mail.delivery?.attempts ?? 0, retries + 1);
    return {
      kind: 'give_up',
      reason,
      failure: failure.kind,
      error: failure.error,
      suppress: failure.kind === 'recipient_rejected' ? 'bounced' : null,
      patch: {
        'delivery.state': 'ERROR',
        'delivery.error': `Pathwise gave up (${reason}): ${failure.error}`,
        'delivery.leaseExpireTime': null,
        'pathwise.watch.given_up': true,
        'pathwise.watch.given_up_at': now,
        'pathwise.watch.last_error': failure.error,
      },
      notice: {
        entity: mail.entity,
        field: ['mail_failures', mail.id],
        value: {
          mail_id: mail.id,
          template: mail.template,
          reason,
          error: failure.error,
          attempts,
          at: now,
        },
      },
    };
  }
  const due = new Date(failure.at.getTime() + backoffMs(retries, policy));
  if (now.getTime() < due.getTime()) return { kind: 'wait', until: due, failure: failure.kind };
  return {
    kind: 'retry',
    retry: retries + 1,
    failure: failure.kind,
    patch: {
      'delivery.state': 'RETRY',
      'delivery.leaseExpireTime': null,
      'pathwise.watch.retries': retries + 1,
      'pathwise.watch.last_retry_at': now,
      'pathwise.watch.last_error': failure.error,
    },
  };
}
