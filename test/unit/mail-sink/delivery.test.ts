import {
  attemptPatch,
  LEASE_EXPIRED_ERROR,
  nextStep,
  stillProcessing,
  toMailOptions,
} from '../../../infra/local/mail-sink/delivery';
import type { Delivery } from '../../../shared/email/model';

const now = new Date('2025-03-10T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const message = { subject: 'Hello', text: 'Hi there', html: '<p>Hi there</p>' };
const doc = (delivery?: Partial<Delivery>) => ({
  to: 'amara@example.com',
  message,
  ...(delivery ? { delivery: { attempts: 0, startTime: now, ...delivery } } : {}),
});

describe('nextStep (the extension’s processWrite)', () => {
  it('initialises a new document to PENDING with no attempt yet, with or without delivery: null', () => {
    const initialize = {
      kind: 'initialize',
      patch: { delivery: { startTime: now, state: 'PENDING', attempts: 0, error: null } },
    };
    expect(nextStep(doc(), now)).toEqual(initialize);
    expect(nextStep({ ...doc(), delivery: null }, now)).toEqual(initialize);
  });

  it('leases PENDING and RETRY documents for 60 s', () => {
    for (const state of ['PENDING', 'RETRY'] as const) {
      expect(nextStep(doc({ state }), now)).toEqual({
        kind: 'lease',
        patch: { 'delivery.state': 'PROCESSING', 'delivery.leaseExpireTime': later(60_000) },
      });
    }
  });

  it('leaves a leased document alone until its lease expires, then marks it ERROR', () => {
    const leased = doc({ state: 'PROCESSING', leaseExpireTime: later(60_000) });
    expect(nextStep(leased, later(59_000))).toEqual({ kind: 'ignore', reason: 'in_flight' });
    expect(nextStep(leased, later(61_000))).toEqual({
      kind: 'expire',
      patch: { 'delivery.state': 'ERROR', 'delivery.error': LEASE_EXPIRED_ERROR },
    });
  });

  it('ignores final states, deleted documents and documents without a message', () => {
    expect(nextStep(doc({ state: 'SUCCESS' }), now)).toEqual({ kind: 'ignore', reason: 'final' });
    expect(nextStep(doc({ state: 'ERROR' }), now)).toEqual({ kind: 'ignore', reason: 'final' });
    expect(nextStep(undefined, now)).toEqual({ kind: 'ignore', reason: 'missing' });
    expect(nextStep({ to: 'a@example.com' }, now)).toEqual({
      kind: 'ignore',
      reason: 'no_message',
    });
  });

  it('reads Firestore timestamps as well as dates', () => {
    const timestamp = { toDate: () => later(60_000) };
    expect(
      nextStep(
        doc({ state: 'PROCESSING', leaseExpireTime: timestamp as unknown as Date }),
        later(61_000),
      ).kind,
    ).toBe('expire');
  });
});

describe('attemptPatch (the extension’s deliver outcome)', () => {
  const processing = {
    state: 'PROCESSING',
    attempts: 2,
    leaseExpireTime: later(60_000),
  } as Delivery;

  it('records SUCCESS with the transport info, one more attempt and no lease', () => {
    const info = {
      messageId: '<abc@pathwise>',
      accepted: ['amara@example.com'],
      rejected: [],
      pending: [],
      response: '250 Queued as 1',
    };
    expect(attemptPatch(processing, { ok: true, info }, later(2_000))).toEqual({
      'delivery.attempts': 3,
      'delivery.endTime': later(2_000),
      'delivery.leaseExpireTime': null,
      'delivery.state': 'SUCCESS',
      'delivery.error': null,
      'delivery.info': info,
    });
  });

  it('records ERROR with the error text', () => {
    expect(attemptPatch(processing, { ok: false, error: 'Error: boom' }, later(2_000))).toEqual({
      'delivery.attempts': 3,
      'delivery.endTime': later(2_000),
      'delivery.leaseExpireTime': null,
      'delivery.state': 'ERROR',
      'delivery.error': 'Error: boom',
    });
  });

  it('sends only what is still PROCESSING when re-read', () => {
    expect(stillProcessing(doc({ state: 'PROCESSING' }))?.state).toBe('PROCESSING');
    expect(stillProcessing(doc({ state: 'SUCCESS' }))).toBeNull();
    expect(stillProcessing(undefined)).toBeNull();
  });
});

describe('toMailOptions', () => {
  it('fills the default sender and passes headers and both parts through', () => {
    const options = toMailOptions(
      { ...doc(), headers: { 'List-Unsubscribe': '<https://x.example/u>' } },
      { from: 'Pathwise <no-reply@pathwise.example>' },
    );
    expect(options).toMatchObject({
      from: 'Pathwise <no-reply@pathwise.example>',
      to: ['amara@example.com'],
      cc: [],
      bcc: [],
      subject: 'Hello',
      text: 'Hi there',
      html: '<p>Hi there</p>',
      headers: { 'List-Unsubscribe': '<https://x.example/u>' },
    });
  });

  it('refuses what the extension refuses, in its words', () => {
    expect(() => toMailOptions({ message }, { from: 'a@example.com' })).toThrow(
      /^Invalid email configuration: Field 'to': Email must have at least one recipient/,
    );
    expect(() =>
      toMailOptions({ to: 'a@example.com', message: { subject: 'x' } }, { from: 'a@example.com' }),
    ).toThrow(/Field 'message.text': At least one of 'text' or 'html'/);
  });
});
