import { z } from 'zod';
import {
  AppError,
  callableHttpStatus,
  errorMapping,
  fromZod,
  toAppError,
} from '../../../shared/errors';

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
