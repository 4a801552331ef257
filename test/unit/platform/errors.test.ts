import { z } from 'zod';
import {
  AppError,
  callableHttpStatus,
  errorMapping,
  failureSeverity,
  fromZod,
  toAppError,
} from '../../../shared/errors';
import { GrpcStatus } from '../../../shared/platform/grpc';

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

  it('logs expected, retryable unavailability as a warning and every other fault as an error', () => {
    const leaseHeld = new AppError('unavailable', 'claimed by another attempt', {
      retryAfterSeconds: 30,
      expected: true,
    });
    expect(failureSeverity(leaseHeld)).toBe('WARNING');
    expect(failureSeverity(new AppError('unavailable', 'keys could not be fetched'))).toBe('ERROR');
    expect(failureSeverity(toAppError(new Error('bug')))).toBe('ERROR');
    expect(failureSeverity(new AppError('not_found', 'x'))).toBe('INFO');
    expect(failureSeverity(new AppError('resource_exhausted', 'x'))).toBe('INFO');
  });

  it('never calls a caller mistake expected: only an unavailable can be', () => {
    const mistake = new AppError('invalid_argument', 'x', { expected: true });
    expect(mistake.expected).toBe(false);
    expect(failureSeverity(mistake)).toBe('INFO');
    expect(failureSeverity(new AppError('internal', 'x', { expected: true }))).toBe('ERROR');
  });

  it("answers Firestore's ABORTED (transactions colliding past its retries) as retryable contention", () => {
    const aborted = Object.assign(new Error('10 ABORTED: Transaction lock timeout.'), {
      code: GrpcStatus.ABORTED,
    });
    const error = toAppError(aborted);
    expect(error).toMatchObject({ code: 'unavailable', expected: true, retryAfterSeconds: 1 });
    expect(error.cause).toBe(aborted);
    expect(errorMapping[error.code].http).toBe(503);
    expect(failureSeverity(error)).toBe('WARNING');
    // Other gRPC failures stay faults.
    const denied = Object.assign(new Error('7 PERMISSION_DENIED'), { code: 7 });
    expect(toAppError(denied).code).toBe('internal');
  });

  it('answers a dependency that cannot be reached with a retryable 503, logged as an error', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
    });
    // Cloud Tasks' REST client wraps Node's refused connection in its own error.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), {
      code: 'ECONNREFUSED',
    });
    const wrapped = new Error('request to http://127.0.0.1:8123/v2/… failed', { cause: refused });
    for (const failure of [
      grpc,
      wrapped,
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    ]) {
      const error = toAppError(failure);
      expect(error).toMatchObject({ code: 'unavailable', retryAfterSeconds: 2 });
      expect(errorMapping[error.code].http).toBe(503);
      expect(failureSeverity(error)).toBe('ERROR');
    }
    expect(toAppError(Object.assign(new Error('disk'), { code: 'ENOSPC' })).code).toBe('internal');
  });
});
