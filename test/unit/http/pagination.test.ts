import { AppError } from '../../../shared/errors';
import {
  cursorPage,
  decodeCursor,
  encodeCursor,
  IdCursor,
  LimitSchema,
  TimeIdCursor,
} from '../../../shared/http/pagination';

describe('cursors', () => {
  const submissionId = 'A'.repeat(20);

  it('round-trips and rejects tokens it did not issue', () => {
    expect(decodeCursor(encodeCursor([5, submissionId]), TimeIdCursor)).toEqual([5, submissionId]);
    expect(() => decodeCursor('not-a-token', IdCursor)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['a']), TimeIdCursor)).toThrow(/page_token/);
  });

  it('refuses crafted values with a 400, never a value a query would choke on (security finding 6)', () => {
    const crafted = [
      ['abc', 'x'],
      [1e300, submissionId],
      [-1, submissionId],
      [1.5, submissionId],
      [5, '../../etc'],
      [5, { $gt: '' }],
    ];
    for (const values of crafted) {
      const token = Buffer.from(JSON.stringify(values)).toString('base64url');
      expect(() => decodeCursor(token, TimeIdCursor)).toThrow(
        expect.objectContaining({ code: 'invalid_argument' }),
      );
    }
  });

  it('pages a list read one row longer than the page', () => {
    const rows = ['a', 'b', 'c'];
    expect(cursorPage(rows, 2, (r) => [r])).toEqual({
      items: ['a', 'b'],
      next_page_token: encodeCursor(['b']),
    });
    expect(cursorPage(rows, 3, (r) => [r]).next_page_token).toBeNull();
  });
});

describe('limits in query strings', () => {
  it('takes plain decimal digits (and JSON numbers from callables), nothing looser', () => {
    expect(LimitSchema.parse('16')).toBe(16);
    expect(LimitSchema.parse(16)).toBe(16);
    for (const loose of ['0x10', '1e1', ' 7', '7.0', '-1', '0', '101', ''])
      expect(LimitSchema.safeParse(loose).success).toBe(false);
  });
});
