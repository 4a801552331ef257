import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnyRoute } from '../../../shared/http/route';
import type { HttpDefinition } from '../../../shared/platform/functions';
import { call, functionsBaseUrl, type ApiResponse } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { allFunctions } from '../../helpers/definitions';

/**
 * Malformed input to every route and callable, generated from the route tables: bad JSON, a body
 * that is not an object, wrong types, missing and unknown fields, huge strings and bodies, path
 * ids that are not ids, bad escapes, cursors we never issued. Every answer is a 4xx in the error
 * shape (never a 5xx, never HTML, never a stack), and nothing of any body reaches the logs.
 * The caller is an admin, so every role check passes and the input itself is what is judged.
 */
const http = allFunctions.filter((f): f is HttpDefinition => f.trigger.kind === 'http');
const routes = http.flatMap((f) => f.routes.map((route) => ({ fn: f.name, route })));
const withBody = routes.filter(({ route }) => route.body !== undefined);
const withParams = routes.filter(({ route }) => /\{/.test(route.path));
const withCursor = routes.filter(
  ({ route }) => route.query instanceof z.ZodObject && 'page_token' in route.query.shape,
);
const callables = allFunctions.filter((f): f is HttpDefinition => f.trigger.kind === 'callable');

const MARKER = `SECRET-${randomUUID()}`;
const concrete = (path: string, id = 'sample-id') =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    name === 'submission_id' ? 'A'.repeat(20) : id,
  );
const label = ({ route }: { route: AnyRoute }) => `${route.method} ${route.path}`;

let admin: TestUser;
const logged: string[] = [];
const write = { out: process.stdout.write, err: process.stderr.write };

beforeAll(async () => {
  admin = await createUser('admin');
  const collect = (chunk: unknown) => {
    logged.push(String(chunk));
    return true;
  };
  process.stdout.write = collect as typeof process.stdout.write;
  process.stderr.write = collect as typeof process.stderr.write;
});

afterAll(() => {
  process.stdout.write = write.out;
  process.stderr.write = write.err;
});

function expectClientError(res: ApiResponse, allowed: number[] = []): void {
  const ok = (res.status >= 400 && res.status < 500) || allowed.includes(res.status);
  expect({ status: res.status, ok }).toEqual({ status: res.status, ok: true });
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\n\s+at |node_modules|<html|<!DOCTYPE/i);
  if (res.status >= 400) {
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
    expect(res.body.error.message.length).toBeLessThanOrEqual(300);
  }
}

const raw = (method: string, path: string, rawBody: string, headers = {}) =>
  call(method, path, {
    token: admin.token,
    rawBody,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

describe('every route with a body refuses malformed bodies', () => {
  it.each(withBody.map((r) => [label(r), r] as const))('%s', async (_name, { route }) => {
    const path = concrete(route.path);
    const cases: [string, string][] = [
      ['bad JSON', `{"${MARKER}": `],
      ['a bare string', JSON.stringify(MARKER)],
      ['null', 'null'],
      ['an array', JSON.stringify([MARKER])],
      ['an unknown field', JSON.stringify({ [MARKER]: 1 })],
    ];
    for (const [what, body] of cases) {
      const res = await raw(route.method, path, body);
      expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
      expectClientError(res);
    }
    // Every declared field with the wrong type, then with a huge string.
    const fields =
      route.body instanceof z.ZodObject
        ? Object.keys(route.body.shape as Record<string, unknown>)
        : ['notes', 'title', 'data'];
    for (const value of [[MARKER], { nested: MARKER }, 'x'.repeat(200_000) + MARKER]) {
      const body = Object.fromEntries(fields.map((field) => [field, value]));
      expectClientError(await raw(route.method, path, JSON.stringify(body)));
    }
    expectClientError(
      await raw(route.method, path, JSON.stringify({ notes: 'x'.repeat(3_000_000) })),
    );
    expectClientError(await raw(route.method, path, '{}', { 'Content-Type': 'text/plain' }));
  });
});

describe('every route with path parameters refuses ids that are not ids', () => {
  it.each(withParams.map((r) => [label(r), r] as const))('%s', async (_name, { route }) => {
    // A bare `..` never reaches the route: fetch, like a browser, resolves dot segments before
    // sending (the request would be for the parent path, since `/` serves the console). An escaped
    // slash keeps the traversal inside the segment, so the route itself must refuse it.
    const bad = ['Not%20A%20Slug', '%ZZ', '..%2F..', 'a'.repeat(300), '%00', '__name__'];
    for (const id of bad) {
      const res = await call(route.method, concrete(route.path, id), {
        token: admin.token,
        ...(route.body ? { body: {} } : {}),
      });
      expectClientError(res);
    }
  });
});

describe('every list refuses cursors it never issued and loose limits', () => {
  it.each(withCursor.map((r) => [label(r), r] as const))('%s', async (_name, { route }) => {
    const crafted = [
      'not-base64-!!',
      Buffer.from(JSON.stringify(['abc', 'x'])).toString('base64url'),
      Buffer.from(JSON.stringify([1e300, 'A'.repeat(20)])).toString('base64url'),
      Buffer.from(JSON.stringify({ $gt: '' })).toString('base64url'),
    ];
    for (const token of crafted) {
      const res = await call('GET', `${concrete(route.path)}?page_token=${token}`, {
        token: admin.token,
      });
      expectClientError(res);
      expect(res.status).toBe(400);
    }
    for (const limit of ['0x10', '1e2', '-1', '1000']) {
      expectClientError(
        await call('GET', `${concrete(route.path)}?limit=${limit}`, { token: admin.token }),
      );
    }
  });
});

describe('every callable refuses malformed calls in the callable protocol’s shape', () => {
  it.each(callables.map((c) => [c.name, c] as const))('%s', async (name) => {
    const url = `${functionsBaseUrl()}/${name}`;
    const cases: [string, string, string][] = [
      ['bad JSON', `{"data": {"${MARKER}": `, 'INVALID_ARGUMENT'],
      ['no data', JSON.stringify({ nothing: MARKER }), 'INVALID_ARGUMENT'],
      ['unknown keys', JSON.stringify({ data: { [MARKER]: true } }), 'INVALID_ARGUMENT'],
      ['not an object', JSON.stringify(MARKER), 'INVALID_ARGUMENT'],
    ];
    for (const [what, body, status] of cases) {
      const res = await raw('POST', url, body);
      expect({ what, status: res.body?.error?.status }).toEqual({ what, status });
      expect(res.status).toBe(400);
    }
    const anonymous = await call('POST', url, { body: { data: {} } });
    expect(anonymous.body.error.status).toBe('UNAUTHENTICATED');
  });
});

describe('paths and bodies at the edge', () => {
  it('covers the whole route table', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(withBody.length).toBeGreaterThan(15);
    expect(withParams.length).toBeGreaterThan(25);
    expect(withCursor.length).toBeGreaterThanOrEqual(3);
    expect(callables.map((c) => c.name).sort()).toEqual([
      'listPendingSubmissions',
      'reviewSubmission',
      'setUserRole',
    ]);
  });

  it('answers unknown paths and wrong methods under /api/v1 as JSON', async () => {
    expectClientError(await call('GET', '/api/v1/no-such-thing', { token: admin.token }));
    expectClientError(await call('PATCH', '/api/v1/pathways', { token: admin.token, body: {} }));
  });

  it('never logged anything of what was sent', () => {
    expect(logged.join('')).not.toContain(MARKER);
  });
});
