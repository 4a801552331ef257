import { ApiError, retryAfterSeconds } from '../../../infra/hosting/src/api';
import {
  errorShape,
  fieldDetails,
  formatWait,
  readableSizes,
} from '../../../infra/hosting/src/error-shape';

const now = new Date('2026-11-23T10:00:00Z');

describe('the console’s error shapes', () => {
  it('says when a 429 may be retried, from Retry-After', () => {
    const shape = errorShape(
      new ApiError(429, 'resource_exhausted', 'At most 30 uploads per hour', [], 3599),
      now,
    );
    expect(shape).toMatchObject({ status: 429, title: 'Limit reached', action: null });
    expect(shape.retry).toEqual({ seconds: 3599, at: new Date('2026-11-23T10:59:59Z') });
    expect(formatWait(3599)).toBe('60 min');
    // Without Retry-After there is no time to give, only advice.
    expect(
      errorShape(new ApiError(429, 'resource_exhausted', 'Slow down', [], null), now),
    ).toMatchObject({ retry: null, action: 'Wait a while before trying again.' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Mon, 23 Nov 2026 10:05:00 GMT', now)).toBe(300);
    expect(retryAfterSeconds('0', now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });

  it('states a 413’s limit in megabytes', () => {
    const shape = errorShape(
      new ApiError(
        413,
        'payload_too_large',
        'The file is larger than its kind allows',
        [{ path: 'size_bytes', message: 'A document is at most 20971520 bytes' }],
        null,
      ),
      now,
    );
    expect(shape.limit).toBe('A document is at most 20 MB');
    expect(shape.fields).toEqual([]);
    expect(readableSizes('at most 1536 bytes, not 12 bytes')).toBe('at most 1.5 KB, not 12 bytes');
  });

  it('lists what blocks a 409', () => {
    const blockers = [
      { path: 'resources.r1', message: 'Resource “Intro” of pathway p1 links to it' },
      { path: 'resources.r2', message: 'Resource “Outro” of pathway p1 links to it' },
    ];
    const shape = errorShape(
      new ApiError(409, 'failed_precondition', 'Media x.pdf is used', blockers, null),
      now,
    );
    expect(shape).toMatchObject({ title: 'Not possible right now', blockers, fields: [] });
  });

  it('puts a 400’s messages next to their fields, items of lists included', () => {
    const shape = errorShape(
      new ApiError(
        400,
        'invalid_argument',
        'Some files cannot be uploaded as media',
        [
          { path: 'files[1].file_name', message: 'A video must be one of: mp4' },
          { path: 'content_type', message: 'A .png file is image/png, not image/gif' },
        ],
        null,
      ),
      now,
    );
    const messages = (field: string, nested = false) =>
      fieldDetails(shape, field, nested).map((d) => d.message);
    expect(messages('file_name')).toEqual(['A video must be one of: mp4']);
    expect(messages('content_type')).toEqual(['A .png file is image/png, not image/gif']);
    expect(messages('size_bytes')).toEqual([]);
    expect(fieldDetails(null, 'file_name')).toEqual([]);
  });

  it('gives a field that holds a list its entries’ messages only when asked for the nested ones', () => {
    const shape = errorShape(
      new ApiError(
        400,
        'invalid_argument',
        'Invalid resource',
        [{ path: 'accepted_file_types.0', message: 'Expected a MIME type' }],
        null,
      ),
      now,
    );
    expect(fieldDetails(shape, 'accepted_file_types')).toEqual([]);
    expect(fieldDetails(shape, 'accepted_file_types', true)).toEqual([
      { path: 'accepted_file_types.0', message: 'Expected a MIME type' },
    ]);
  });

  it('gives a 5xx its reference, a 401 its remedy, and a dropped connection its own title', () => {
    expect(
      errorShape(new ApiError(500, 'internal', 'Internal error', [], null, 'req-1'), now),
    ).toMatchObject({ title: 'Something went wrong on our side', requestId: 'req-1' });
    expect(
      errorShape(new ApiError(401, 'unauthenticated', 'Token expired', [], null), now).action,
    ).toBe('Sign in again.');
    expect(errorShape(new TypeError('Failed to fetch'), now)).toMatchObject({
      status: null,
      title: 'Pathwise could not be reached',
    });
  });

  it('formats waits in the unit a person plans with', () => {
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(600)).toBe('10 min');
    expect(formatWait(3900)).toBe('65 min');
    expect(formatWait(5700)).toBe('1 h 35 min');
    expect(formatWait(7200)).toBe('2 h');
  });
});
