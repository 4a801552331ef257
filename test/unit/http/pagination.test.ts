import { AppError } from '../../../shared/errors';
import { decodeCursor, encodeCursor } from '../../../shared/http/pagination';

describe('cursors', () => {
  it('round-trips and rejects tokens it did not issue', () => {
    expect(decodeCursor(encodeCursor(['b', 3]), 2)).toEqual(['b', 3]);
    expect(() => decodeCursor('not-a-token', 1)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(/page_token/);
  });
});
