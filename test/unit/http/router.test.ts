import type { Request, Response } from '@google-cloud/functions-framework';
import { AppError } from '../../../shared/errors';
import { compilePath, failRequest } from '../../../shared/http/router';

describe('router paths', () => {
  it('captures path parameters and accepts a trailing slash', () => {
    const { pattern, paramNames } = compilePath('/api/v1/modules/{module_id}/resources');
    expect(paramNames).toEqual(['module_id']);
    expect(pattern.exec('/api/v1/modules/abc/resources')?.[1]).toBe('abc');
    expect(pattern.test('/api/v1/modules/abc/resources/')).toBe(true);
    expect(pattern.test('/api/v1/modules/a/b/resources')).toBe(false);
  });
});

describe('how a failed request is logged and answered', () => {
  const lines: Record<string, unknown>[] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  /** The parts of a request and response `failRequest` uses. */
  function fail(caught: unknown) {
    const answer: { status?: number; headers: Record<string, string>; body?: unknown } = {
      headers: {},
    };
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => {
        answer.headers[name] = value;
      },
      status(code: number) {
        answer.status = code;
        return { json: (body: unknown) => (answer.body = body) };
      },
    };
    const req = { method: 'POST', path: '/' };
    failRequest(req as unknown as Request, res as unknown as Response, caught, 'req-1');
    return answer;
  }

  it("answers Firestore's ABORTED 503 with Retry-After, logged at WARNING (contention, retried)", () => {
    const aborted = Object.assign(new Error('10 ABORTED: Transaction lock timeout.'), { code: 10 });
    const answer = fail(aborted);
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('1');
    expect(lines).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        event: 'request_failed',
        method: 'POST',
        path: '/',
        error: expect.objectContaining({ message: '10 ABORTED: Transaction lock timeout.' }),
      }),
    ]);
  });

  it("logs an LRS's outage at WARNING and a bug at ERROR, both with the same fields", () => {
    fail(
      new AppError('unavailable', 'The LRS did not store statement x: HTTP 503', {
        expected: true,
      }),
    );
    fail(new Error('bug'));
    expect(lines.map((l) => [l.severity, l.event, l.method, l.path])).toEqual([
      ['WARNING', 'request_failed', 'POST', '/'],
      ['ERROR', 'request_failed', 'POST', '/'],
    ]);
  });
});
