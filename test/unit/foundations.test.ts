import { z } from 'zod';
import { globToRegExp } from '../../infra/local/rewrites';
import { parseConfig } from '../../shared/config';
import {
  AppError,
  callableHttpStatus,
  errorMapping,
  fromZod,
  toAppError,
} from '../../shared/errors';
import { decodeCursor, encodeCursor } from '../../shared/http/pagination';
import { compilePath } from '../../shared/http/router';
import { requestIdFrom } from '../../shared/http/request';
import { CreateResourceSchema, QuizInputSchema } from '../../shared/catalog/schemas';

describe('config', () => {
  it('derives defaults from the project id and freezes the result', () => {
    const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' });
    expect(config).toMatchObject({
      projectId: 'acme',
      region: 'us-central1',
      submissionsBucket: 'acme-submissions',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({})).toThrow(/GOOGLE_CLOUD_PROJECT/);
    expect(() => parseConfig({ GCLOUD_PROJECT: 'p', PATHWISE_LOG_LEVEL: 'LOUD' })).toThrow(
      /PATHWISE_LOG_LEVEL/,
    );
  });
});

describe('errors', () => {
  it('maps every code to an HTTP status and a callable status with a consistent HTTP code', () => {
    for (const [code, mapping] of Object.entries(errorMapping)) {
      expect(mapping.http).toBeGreaterThanOrEqual(400);
      expect(callableHttpStatus[mapping.callable]).toBeDefined();
      expect(code).toMatch(/^[a-z_]+$/);
    }
    expect(errorMapping.resource_exhausted.http).toBe(429);
    expect(errorMapping.payload_too_large.http).toBe(413);
  });

  it('turns zod issues into one detail per failing field, with dotted paths', () => {
    const schema = z.object({ a: z.object({ b: z.number().min(0) }), list: z.array(z.string()) });
    const parsed = schema.safeParse({ a: { b: -1 }, list: ['x', 3] });
    expect(parsed.success).toBe(false);
    const error = fromZod((parsed as { error: z.ZodError }).error, 'body');
    expect(error.code).toBe('invalid_argument');
    expect(error.details.map((d) => d.path)).toEqual(['body.a.b', 'body.list.1']);
  });

  it('treats unknown throwables as internal', () => {
    expect(toAppError(new Error('boom')).code).toBe('internal');
    const known = new AppError('not_found', 'x');
    expect(toAppError(known)).toBe(known);
  });
});

describe('router paths', () => {
  it('captures path parameters and accepts a trailing slash', () => {
    const { pattern, paramNames } = compilePath('/api/v1/modules/{module_id}/resources');
    expect(paramNames).toEqual(['module_id']);
    expect(pattern.exec('/api/v1/modules/abc/resources')?.[1]).toBe('abc');
    expect(pattern.test('/api/v1/modules/abc/resources/')).toBe(true);
    expect(pattern.test('/api/v1/modules/a/b/resources')).toBe(false);
  });
});

describe('Hosting globs', () => {
  it('matches as Hosting does: ** across segments, * within one', () => {
    expect(globToRegExp('/api/v1/pathways/**').test('/api/v1/pathways/x/resources')).toBe(true);
    expect(globToRegExp('/api/v1/pathways/**').test('/api/v1/pathways')).toBe(false);
    expect(
      globToRegExp('/api/v1/users/me/resources/*/upload').test(
        '/api/v1/users/me/resources/r1/upload',
      ),
    ).toBe(true);
    expect(
      globToRegExp('/api/v1/users/me/resources/*/upload').test(
        '/api/v1/users/me/resources/a/b/upload',
      ),
    ).toBe(false);
    expect(globToRegExp('/api/v1/openapi.json').test('/api/v1/openapiXjson')).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trips and rejects tokens it did not issue', () => {
    expect(decodeCursor(encodeCursor(['b', 3]), 2)).toEqual(['b', 3]);
    expect(() => decodeCursor('not-a-token', 1)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(/page_token/);
  });
});

describe('request ids', () => {
  it('keeps a sane caller id, else uses the trace id, else a fresh UUID', () => {
    expect(requestIdFrom({ 'x-request-id': 'client-req-12345' })).toBe('client-req-12345');
    expect(
      requestIdFrom({
        'x-request-id': 'bad id with spaces',
        'x-cloud-trace-context': '0123456789abcdef0123456789abcdef/1;o=1',
      }),
    ).toBe('0123456789abcdef0123456789abcdef');
    expect(requestIdFrom({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('catalog input rules', () => {
  it('caps upload size at 50 MB and accepts only verifiable MIME types', () => {
    const base = { type: 'exercise', title: 'T', requires_upload: true };
    const tooBig = CreateResourceSchema.safeParse({
      ...base,
      accepted_file_types: ['image/png'],
      max_file_size_mb: 51,
    });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(['max_file_size_mb']);
    const badType = CreateResourceSchema.safeParse({
      ...base,
      accepted_file_types: ['image/png', 'image/svg+xml'],
    });
    expect(badType.error?.issues[0]?.path).toEqual(['accepted_file_types', 1]);
    const notMime = CreateResourceSchema.safeParse({ ...base, accepted_file_types: ['png'] });
    expect(notMime.error?.issues[0]?.path).toEqual(['accepted_file_types', 0]);
  });

  it('defaults a quiz to a 70% passing score and checks its answer key', () => {
    expect(QuizInputSchema.parse({})).toEqual({
      passing_score: 70,
      policy: 'highest',
      max_attempts: null,
      questions: [],
    });
    const bad = QuizInputSchema.safeParse({
      questions: [{ prompt: 'p', options: ['a', 'b'], correct: [2] }],
    });
    expect(bad.error?.issues[0]?.path).toEqual(['questions', 0, 'correct', 0]);
    const mixed = QuizInputSchema.safeParse({
      questions: [
        { prompt: 'p', options: ['a', 'b'], correct: [0] },
        { prompt: 'q', options: ['a', 'b'] },
      ],
    });
    expect(mixed.error?.issues[0]?.path).toEqual(['questions']);
  });
});
