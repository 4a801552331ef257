import { composeMail } from '../../../shared/email/documents';
import type { Delivery } from '../../../shared/email/model';
import { samples } from '../../helpers/email-samples';
import { settings } from '../../helpers/email-settings';
import {
  backoffMs,
  classifyDeliveryError,
  DEFAULT_WATCHER_POLICY,
  toWatchedMail,
  watch,
  type WatchedMail,
} from '../../../shared/email/watcher';

const t0 = new Date('2025-03-10T09:00:00Z');
const plus = (ms: number, from = t0) => new Date(from.getTime() + ms);
const min = 60_000;

function mail(delivery: Partial<Delivery> | null, watchState: Partial<WatchedMail['watch']> = {}) {
  return {
    id: 'submission_review-0ad73aee48a147272be1d2d2d59845f4',
    created_at: t0,
    template: 'submission_review',
    entity: { collection: 'submissions', id: 'sub-123' },
    delivery: delivery ? ({ attempts: 0, startTime: t0, ...delivery } as Delivery) : null,
    watch: {
      retries: 0,
      last_retry_at: null,
      last_error: null,
      given_up: false,
      given_up_at: null,
      ...watchState,
    },
  } satisfies WatchedMail;
}

const failed = (error: string, at = plus(5_000)) =>
  ({ state: 'ERROR', attempts: 1, endTime: at, error }) as const;

describe('watch', () => {
  it('leaves delivered, in-flight and freshly written documents alone', () => {
    expect(watch(mail({ state: 'SUCCESS', attempts: 1 }), plus(60 * min))).toEqual({
      kind: 'leave',
      reason: 'delivered',
    });
    expect(watch(mail({ state: 'PROCESSING', leaseExpireTime: plus(min) }), plus(30_000))).toEqual({
      kind: 'leave',
      reason: 'in_flight',
    });
    expect(watch(mail({ state: 'PENDING' }), plus(min))).toEqual({
      kind: 'leave',
      reason: 'awaiting_trigger',
    });
    expect(watch(mail(null), plus(min))).toEqual({ kind: 'leave', reason: 'awaiting_trigger' });
  });

  it('sends an ERROR document back to RETRY once its backoff has passed', () => {
    const doc = mail(failed('Error: connect ECONNREFUSED 10.0.0.7:465'));
    expect(watch(doc, plus(30_000))).toEqual({
      kind: 'wait',
      until: plus(5_000 + min),
      failure: 'transient',
    });
    const now = plus(5_000 + min);
    expect(watch(doc, now)).toEqual({
      kind: 'retry',
      retry: 1,
      failure: 'transient',
      patch: {
        'delivery.state': 'RETRY',
        'delivery.leaseExpireTime': null,
        'pathwise.watch.retries': 1,
        'pathwise.watch.last_retry_at': now,
        'pathwise.watch.last_error': 'Error: connect ECONNREFUSED 10.0.0.7:465',
      },
    });
  });

  it('retries a send whose lease expired, which the extension would leave as it is', () => {
    const lease = plus(min);
    const doc = mail({ state: 'PROCESSING', leaseExpireTime: lease });
    expect(watch(doc, plus(30_000, lease))).toMatchObject({
      kind: 'wait',
      failure: 'lease_expired',
    });
    expect(watch(doc, plus(min, lease))).toMatchObject({ kind: 'retry', failure: 'lease_expired' });
    // The same once the extension itself marked it ERROR on a later write.
    const marked = mail({
      state: 'ERROR',
      error: 'Message processing lease expired.',
      leaseExpireTime: lease,
    });
    expect(watch(marked, plus(min, lease))).toMatchObject({
      kind: 'retry',
      failure: 'lease_expired',
    });
  });

  it('nudges a document the extension never picked up', () => {
    expect(watch(mail(null), plus(10 * min))).toMatchObject({
      kind: 'retry',
      failure: 'not_picked_up',
    });
    const retried = mail({ state: 'RETRY' }, { retries: 1, last_retry_at: plus(20 * min) });
    expect(watch(retried, plus(25 * min))).toEqual({ kind: 'leave', reason: 'awaiting_trigger' });
    expect(watch(retried, plus(30 * min))).toMatchObject({ kind: 'retry', retry: 2 });
  });

  it('backs off exponentially up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((r) => backoffMs(r, DEFAULT_WATCHER_POLICY) / min)).toEqual(
      [1, 2, 4, 8, 16, 32, 60, 60],
    );
  });

  it('gives up after the limit and says what to record on the entity', () => {
    const error = 'Error: Message failed: 451 4.3.0 Temporary local problem';
    const now = plus(24 * 60 * min);
    const decision = watch(mail({ ...failed(error), attempts: 6 }, { retries: 5 }), now);
    expect(decision).toEqual({
      kind: 'give_up',
      reason: 'retries_exhausted',
      failure: 'transient',
      error,
      suppress: null,
      patch: {
        'delivery.state': 'ERROR',
        'delivery.error': `Pathwise gave up (retries_exhausted): ${error}`,
        'delivery.leaseExpireTime': null,
        'pathwise.watch.given_up': true,
        'pathwise.watch.given_up_at': now,
        'pathwise.watch.last_error': error,
      },
      notice: {
        entity: { collection: 'submissions', id: 'sub-123' },
        field: ['mail_failures', 'submission_review-0ad73aee48a147272be1d2d2d59845f4'],
        value: {
          mail_id: 'submission_review-0ad73aee48a147272be1d2d2d59845f4',
          template: 'submission_review',
          reason: 'retries_exhausted',
          error,
          attempts: 6,
          at: now,
        },
      },
    });
    expect(watch(mail(failed(error), { retries: 5, given_up: true }), now)).toEqual({
      kind: 'leave',
      reason: 'given_up',
    });
  });

  it('gives up at once on a permanent failure, suppressing an address that bounced', () => {
    const bounce =
      "Error: Can't send mail - all recipients were rejected: 550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown";
    expect(watch(mail(failed(bounce)), plus(10_000))).toMatchObject({
      kind: 'give_up',
      reason: 'recipient_rejected',
      suppress: 'bounced',
    });
    const invalid =
      "Error: Invalid message configuration: Field 'message.subject' must be a string";
    expect(watch(mail(failed(invalid)), plus(10_000))).toMatchObject({
      kind: 'give_up',
      reason: 'invalid_document',
      suppress: null,
    });
  });

  it('takes a failing document through every retry to one give-up', () => {
    let doc = mail(null);
    let now = t0;
    const decisions: string[] = [];
    for (let step = 0; step < 50; step += 1) {
      now = plus(min, now);
      const d = watch(doc, now);
      if (d.kind === 'leave' && d.reason === 'given_up') break;
      decisions.push(d.kind);
      if (d.kind === 'retry') {
        // The extension leases the document and the send fails again.
        doc = mail(
          {
            state: 'ERROR',
            attempts: (doc.delivery?.attempts ?? 0) + 1,
            endTime: plus(1_000, now),
            error: 'Error: Greeting never received',
          },
          { ...doc.watch, retries: d.retry, last_retry_at: now },
        );
      }
      if (d.kind === 'give_up') doc = mail(doc.delivery, { ...doc.watch, given_up: true });
    }
    expect(decisions.filter((k) => k === 'retry')).toHaveLength(DEFAULT_WATCHER_POLICY.maxRetries);
    expect(decisions.filter((k) => k === 'give_up')).toHaveLength(1);
    expect(decisions.at(-1)).toBe('give_up');
  });
});

describe('classifyDeliveryError', () => {
  it.each([
    [
      "Error: Can't send mail - all recipients were rejected: 550 5.1.1 <x@example.com>: User unknown",
      'recipient_rejected',
    ],
    ['Error: Message failed: 554 5.7.1 Message rejected as spam', 'message_rejected'],
    ["Error: Can't send mail - all recipients were rejected: 452 4.2.2 Mailbox full", 'transient'],
    ['Error: Invalid login: 535 5.7.8 Authentication credentials invalid', 'transient'],
    ['Error: connect ECONNREFUSED 127.0.0.1:465', 'transient'],
    ['Error: Greeting never received', 'transient'],
    ['Error: Failed to deliver email. Expected at least 1 recipient.', 'invalid_document'],
    ['Message processing lease expired.', 'lease_expired'],
  ])('%s → %s', (error, kind) => {
    expect(classifyDeliveryError(error)).toBe(kind);
  });
});

describe('toWatchedMail', () => {
  it('reads a document as written and as the extension left it, timestamps included', () => {
    const { id, document } = composeMail({
      template: 'submission_review',
      data: samples.submission_review,
      recipient: { uid: 'uid-amara', email: 'amara@example.com' },
      entity: { collection: 'submissions', id: 'sub-123' },
      period: 'review-1',
      settings,
      now: t0,
    });
    const stored = {
      ...document,
      pathwise: { ...document.pathwise, created_at: { toDate: () => t0 } },
      delivery: { state: 'ERROR', attempts: 1, endTime: { toDate: () => plus(1_000) }, error: 'x' },
    };
    expect(toWatchedMail(id, stored)).toEqual({
      id,
      created_at: t0,
      template: 'submission_review',
      entity: { collection: 'submissions', id: 'sub-123' },
      watch: document.pathwise.watch,
      delivery: expect.objectContaining({ state: 'ERROR', attempts: 1, endTime: plus(1_000) }),
    });
    expect(toWatchedMail(id, document).delivery).toBeNull();
  });

  it('refuses a document without Pathwise fields, naming them', () => {
    expect(() => toWatchedMail('x', { to: 'a@example.com', message: {} })).toThrow(/pathwise/);
  });
});
