import type { SendMailOptions } from 'nodemailer';
import { z } from 'zod';
import { DeliverySchema, ExtensionMailSchema, type Delivery } from '../../../shared/email/model';

/**
 * The Trigger Email extension's delivery state machine, restated as pure functions over one
 * document's data, so the local stack delivers `mail/` documents exactly as the extension does:
 *
 *   (no delivery) → PENDING → PROCESSING (60 s lease) → SUCCESS | ERROR
 *   RETRY → PROCESSING …;  PROCESSING with an expired lease → ERROR, no send.
 *
 * Each transition is written on its own, as the extension does; its next trigger (here the
 * deliverer's next step) takes the document further.
 */
export const LEASE_MS = 60_000;
export const LEASE_EXPIRED_ERROR = 'Message processing lease expired.';

/** Dotted field paths and values, as Firestore `update()` takes them. */
export type DeliveryPatch = Record<string, unknown>;

export type Step =
  | { kind: 'ignore'; reason: 'missing' | 'final' | 'no_message' | 'in_flight' }
  /** Write the initial `delivery` map; the write triggers the next step. */
  | { kind: 'initialize'; patch: DeliveryPatch }
  /** Take the lease; then send. */
  | { kind: 'lease'; patch: DeliveryPatch }
  /** A lease ran out without an outcome: mark ERROR, do not send. */
  | { kind: 'expire'; patch: DeliveryPatch };

const Shape = z.looseObject({ message: z.unknown().optional(), delivery: z.unknown().optional() });

/** What the extension's `processWrite` transaction does with the document as read. */
export function nextStep(data: unknown, now: Date, leaseMs = LEASE_MS): Step {
  if (data === undefined || data === null) return { kind: 'ignore', reason: 'missing' };
  const doc = Shape.parse(data);
  if (typeof doc.message !== 'object' || doc.message === null) {
    return { kind: 'ignore', reason: 'no_message' };
  }
  if (doc.delivery === undefined || doc.delivery === null) {
    return {
      kind: 'initialize',
      patch: { delivery: { startTime: now, state: 'PENDING', attempts: 0, error: null } },
    };
  }
  const delivery = DeliverySchema.parse(doc.delivery);
  switch (delivery.state) {
    case 'SUCCESS':
    case 'ERROR':
      return { kind: 'ignore', reason: 'final' };
    case 'PENDING':
    case 'RETRY':
      return {
        kind: 'lease',
        patch: {
          'delivery.state': 'PROCESSING',
          'delivery.leaseExpireTime': new Date(now.getTime() + leaseMs),
        },
      };
    case 'PROCESSING':
      if (delivery.leaseExpireTime && delivery.leaseExpireTime.getTime() < now.getTime()) {
        return {
          kind: 'expire',
          patch: { 'delivery.state': 'ERROR', 'delivery.error': LEASE_EXPIRED_ERROR },
        };
      }
      return { kind: 'ignore', reason: 'in_flight' };
  }
}

export interface SendInfo {
  messageId: string | null;
  accepted: string[];
  rejected: string[];
  pending: string[];
  response: string | null;
}

export type SendResult = { ok: true; info: SendInfo } | { ok: false; error: string };

/** What `deliver()` writes after one attempt, given the delivery it re-read. */
export function attemptPatch(current: Delivery, result: SendResult, now: Date): DeliveryPatch {
  const common = {
    'delivery.attempts': current.attempts + 1,
    'delivery.endTime': now,
    'delivery.leaseExpireTime': null,
  };
  return result.ok
    ? {
        ...common,
        'delivery.state': 'SUCCESS',
        'delivery.error': null,
        'delivery.info': result.info,
      }
    : { ...common, 'delivery.state': 'ERROR', 'delivery.error': result.error };
}

/** `deliver()` sends only a document still in PROCESSING when it re-reads it. */
export function stillProcessing(data: unknown): Delivery | null {
  const delivery = DeliverySchema.safeParse((data as { delivery?: unknown } | undefined)?.delivery);
  return delivery.success && delivery.data.state === 'PROCESSING' ? delivery.data : null;
}

export interface SenderDefaults {
  from: string;
  replyTo?: string;
}

/**
 * The nodemailer options the extension builds from a document, after the same validation (its
 * error text starts the same way, so the watcher reads both alike).
 */
export function toMailOptions(data: unknown, defaults: SenderDefaults): SendMailOptions {
  const parsed = ExtensionMailSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `Field '${i.path.join('.') || 'email configuration'}': ${i.message}`,
    );
    throw new Error(`Invalid email configuration: ${issues.join('. ')}`);
  }
  const doc = parsed.data;
  const list = (r: string | string[] | undefined) => (r === undefined ? [] : [r].flat());
  return {
    from: doc.from ?? defaults.from,
    replyTo: doc.replyTo ?? defaults.replyTo,
    to: list(doc.to),
    cc: list(doc.cc),
    bcc: list(doc.bcc),
    subject: doc.message.subject,
    text: doc.message.text ?? undefined,
    html: doc.message.html ?? undefined,
    headers: doc.headers,
  };
}
