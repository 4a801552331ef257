import { gzipSync } from 'node:zlib';
import { call, functionsBaseUrl } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';

/**
 * Malformed requests as a clumsy or hostile client sends them, through the framework's own
 * server: every answer is the API's JSON error shape with a 4xx, never HTML or a stack trace.
 * (What reaches the logs is checked in test/local/edge-guards.test.ts, at full log level.)
 */
let learner: TestUser;
const start = '/api/v1/users/me/resources/foundations-image-gen-r1/start';

beforeAll(async () => {
  learner = await createUser('learner');
  await call('POST', '/api/v1/pathways/image-generation/enroll', { token: learner.token });
});

function expectErrorShape(
  response: { status: number; body: any; headers: Headers },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body.error).toEqual(
    expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  );
  expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at |node_modules|<html/i);
}

describe('malformed requests', () => {
  const bodies: [string, string, Record<string, string>, number][] = [
    ['invalid JSON', '{"notes": ', { 'Content-Type': 'application/json' }, 400],
    ['a bare string', '"just a string"', { 'Content-Type': 'application/json' }, 400],
    ['a bare number', '42', { 'Content-Type': 'application/json' }, 400],
    ['null', 'null', { 'Content-Type': 'application/json' }, 400],
    ['UTF-16', '{}', { 'Content-Type': 'application/json; charset=utf-16' }, 415],
    ['form data', 'notes=x', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
  ];

  it.each(bodies)('answers %s with a JSON %s…', async (_name, rawBody, headers, status) => {
    const response = await call('POST', start, { token: learner.token, rawBody, headers });
    expectErrorShape(response, status);
  });

  it('answers a gzip body that is not gzip with a JSON 400', async () => {
    const response = await call('POST', start, {
      token: learner.token,
      rawBody: 'definitely not gzip',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    expectErrorShape(response, 400);
  });

  it('reads a real gzip body', async () => {
    const response = await fetch(`${process.env.PATHWISE_BASE_URL}${start}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${learner.token}`,
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      },
      body: new Uint8Array(gzipSync(JSON.stringify({ notes: 'zipped' }))),
    });
    expect(response.status).toBe(200);
  });

  it('answers a path with a bad percent-escape with a JSON 400', async () => {
    for (const path of ['/api/v1/pathways/%ZZ', '/api/v1/resources/%C3%28', '/api/v1/modules/%']) {
      const response = await call('GET', path, { token: learner.token });
      expectErrorShape(response, 400);
      expect(response.body.error.details[0].path).toBe('path');
    }
  });

  it('answers a body over the route limit with 413, and an unauthenticated one with 401 unread', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) });
    const tooLarge = await call('POST', start, {
      token: learner.token,
      rawBody: big,
      headers: { 'Content-Type': 'application/json' },
    });
    expectErrorShape(tooLarge, 413);
    const huge = await call('POST', start, {
      rawBody: 'x'.repeat(28 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    });
    expectErrorShape(huge, 401);
  });

  it('answers the callable protocol’s error shape to a malformed callable request', async () => {
    const response = await call('POST', `${functionsBaseUrl()}/listPendingSubmissions`, {
      token: learner.token,
      rawBody: '{"data": ',
      headers: { 'Content-Type': 'application/json' },
    });
    // The learner is refused before the body is read: authorisation comes first.
    expect(response.status).toBe(403);
    expect(response.body.error.status).toBe('PERMISSION_DENIED');
  });
});
