import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import { AppError } from '../../../shared/errors';
import type { ReceivedCloudEvent } from '../../../shared/http/cloudevent';
import type { Edge } from '../../../shared/http/edge';
import { createEventReceiver, settle } from '../../../shared/http/event-receiver';
import { setLogLevel } from '../../../shared/log';
import { installEdgeGuards } from '../../../shared/platform/edge-guards';
import { serviceCallerVerifier } from '../../../shared/service-auth';

/**
 * The edge of event functions in functions-framework's own server: who may deliver, what a
 * delivery must be, and which answers make Eventarc retry. `process` records what reached it.
 */
const TYPE = 'google.cloud.storage.object.v1.finalized';
const TRIGGERS = 'pathwise-trigger-invoker@acme.iam.gserviceaccount.com';
const TASKS = 'pathwise-tasks-invoker@acme.iam.gserviceaccount.com';
const URL_OF_FN = 'https://us-central1-acme.cloudfunctions.net/onTestEvent';

let signer: OidcSigner;
let server: Server;
let base: string;
const processed: ReceivedCloudEvent[] = [];
let failWith: unknown;

beforeAll(async () => {
  setLogLevel('ERROR');
  signer = await createOidcSigner();
  const edge: Edge = {
    projectId: 'acme',
    trustedProxyHops: 1,
    authenticate: () => Promise.reject(new Error('event functions have no users')),
    verifyServiceCaller: serviceCallerVerifier(new OAuth2Client(), {
      accounts: { 'tasks-invoker': TASKS, 'trigger-invoker': TRIGGERS },
      functionUrl: (name) => `https://us-central1-acme.cloudfunctions.net/${name}`,
      certs: signer.pemCerts,
      behindCloudRunIam: false,
    }),
  };
  installEdgeGuards();
  http(
    'onTestEvent',
    createEventReceiver(
      {
        name: 'onTestEvent',
        eventType: TYPE,
        process: async (event) => {
          if (failWith) throw failWith;
          processed.push(event);
        },
      },
      edge,
    ),
  );
  server = getTestServer('onTestEvent');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  setLogLevel('INFO');
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  processed.length = 0;
  failWith = undefined;
});

const ceHeaders = (type = TYPE) => ({
  'content-type': 'application/json',
  'ce-specversion': '1.0',
  'ce-id': 'event-1',
  'ce-type': type,
  'ce-source': '//storage.googleapis.com/projects/_/buckets/b',
});

async function deliver(
  headers: Record<string, string>,
  body: string,
  token: string | null = signer.sign(TRIGGERS, URL_OF_FN),
) {
  const response = await fetch(`${base}/`, {
    method: 'POST',
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('event delivery', () => {
  it('processes a binary-mode event from the trigger invoker and answers 204', async () => {
    const answer = await deliver(ceHeaders(), '{"name":"a.png"}');
    expect(answer.status).toBe(204);
    expect(processed).toEqual([
      expect.objectContaining({ id: 'event-1', type: TYPE, data: { name: 'a.png' } }),
    ]);
  });

  it('processes a structured-mode event', async () => {
    const event = { specversion: '1.0', id: 'e2', type: TYPE, source: 's', data: { n: 1 } };
    const answer = await deliver(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify(event),
    );
    expect(answer.status).toBe(204);
    expect(processed).toEqual([expect.objectContaining({ id: 'e2', data: { n: 1 } })]);
  });

  it.each([
    ['no token', null, 401, 'unauthenticated'],
    ['a forged token', 'x.y.z', 401, 'unauthenticated'],
    ['a token for another function', 'other-audience', 401, 'unauthenticated'],
    ['the tasks invoker', 'tasks', 403, 'permission_denied'],
  ])(
    'refuses a delivery with %s, unprocessed and unacknowledged',
    async (_what, kind, status, code) => {
      const token =
        kind === 'other-audience'
          ? signer.sign(TRIGGERS, 'https://us-central1-acme.cloudfunctions.net/drainOutbox')
          : kind === 'tasks'
            ? signer.sign(TASKS, URL_OF_FN)
            : kind;
      const answer = await deliver(ceHeaders(), '{"name":"a.png"}', token);
      expect(answer.status).toBe(status);
      expect(answer.body.error).toMatchObject({ code, request_id: expect.any(String) });
      expect(processed).toEqual([]);
    },
  );

  it('refuses before reading the body', async () => {
    const answer = await deliver(ceHeaders(), '{"broken": ', null);
    expect(answer.status).toBe(401);
  });

  it('acknowledges, without processing, what a verified caller sends that is not its event', async () => {
    expect((await deliver(ceHeaders('google.cloud.storage.object.v1.deleted'), '{}')).status).toBe(
      204,
    );
    expect((await deliver({ 'content-type': 'application/json' }, '{"a":1}')).status).toBe(204);
    expect((await deliver(ceHeaders(), '{"broken": ')).status).toBe(204);
    expect(processed).toEqual([]);
  });

  it('acknowledges a permanent failure and answers 500 for a fault, so the platform retries', async () => {
    failWith = new AppError('failed_precondition', 'not in a state to record');
    expect((await deliver(ceHeaders(), '{}')).status).toBe(204);
    failWith = new Error('Firestore is down');
    const answer = await deliver(ceHeaders(), '{}');
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatchObject({ code: 'internal', message: 'Internal error' });
  });

  it('takes POST only', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('how a failed delivery is logged', () => {
  const lines: Record<string, unknown>[] = [];
  beforeEach(() => {
    lines.length = 0;
    setLogLevel('INFO');
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    setLogLevel('ERROR');
  });

  const failing = (error: unknown) => () => Promise.reject(error);

  it('logs an expected unavailability at WARNING with the same fields, and still redelivers', async () => {
    const held = new AppError('unavailable', 'claimed by another attempt', { expected: true });
    await expect(settle('onProgressEvent', 'ev-1', failing(held))).rejects.toBe(held);
    expect(lines).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        event: 'event_failed',
        message: 'onProgressEvent failed; the event will be redelivered',
        event_id: 'ev-1',
        error: expect.objectContaining({ message: 'claimed by another attempt' }),
      }),
    ]);
  });

  it('keeps a real fault at ERROR', async () => {
    const bug = new Error('undefined is not a function');
    await expect(settle('onProgressEvent', 'ev-2', failing(bug))).rejects.toBe(bug);
    expect(lines).toEqual([
      expect.objectContaining({ severity: 'ERROR', event: 'event_failed', event_id: 'ev-2' }),
    ]);
  });
});
