import { ApiError, describeError } from '../../../infra/hosting/src/api';

const now = new Date('2026-11-23T10:00:00Z');

describe('the console’s error messages', () => {
  it('tells when to retry after a 429', () => {
    const message = describeError(
      new ApiError(429, 'resource_exhausted', 'Ten uploads an hour', [], 90),
      now,
    );
    expect(message).toContain('Ten uploads an hour');
    expect(message).toContain('Try again in 90 s');
    expect(message).toContain(new Date(now.getTime() + 90_000).toLocaleTimeString());
  });

  it('names the fields a 400, 409 or 413 is about', () => {
    const details = [{ path: 'size_bytes', message: 'At most 5 MB' }];
    expect(describeError(new ApiError(413, 'too_large', 'File too large', details, null))).toBe(
      'Too large: File too large (size_bytes: At most 5 MB)',
    );
    expect(
      describeError(
        new ApiError(
          409,
          'failed_precondition',
          'Certificate rules unmet',
          [{ path: '', message: '1 required resource left' }],
          null,
        ),
      ),
    ).toBe('Not possible right now: Certificate rules unmet (1 required resource left)');
    expect(
      describeError(new ApiError(400, 'invalid_argument', 'Invalid body', details, null)),
    ).toBe('Invalid body (size_bytes: At most 5 MB)');
  });

  it('asks to sign in again on a 401 and passes other errors through', () => {
    expect(describeError(new ApiError(401, 'unauthenticated', 'Token expired', [], null))).toBe(
      'Your session has ended: sign in again.',
    );
    expect(describeError(new Error('offline'))).toBe('offline');
  });
});
