import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import {
  cursorPage,
  decodeCursor,
  encodeCursor,
  IdCursor,
  TimeIdCursor,
} from '../../../shared/http/pagination';

/** Page tokens: every cursor the API issues reads back as itself; nothing else gets through. */
const runs = { numRuns: 500 };
const idArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 });
const firestoreIdArb = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
  minLength: 20,
  maxLength: 20,
});

function refusal(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  return undefined;
}

describe('cursor properties', () => {
  it('round-trips every id cursor and time-and-id cursor', () => {
    fc.assert(
      fc.property(idArb, (id) => {
        expect(decodeCursor(encodeCursor([id]), IdCursor)).toEqual([id]);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), firestoreIdArb, (ms, id) => {
        expect(decodeCursor(encodeCursor([ms, id]), TimeIdCursor)).toEqual([ms, id]);
      }),
      runs,
    );
  });

  it('answers any other token with a 400 naming query.page_token, never another failure', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.base64String({ maxLength: 200 }),
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
        ),
        (token) => {
          const decoders = [
            () => decodeCursor(token, IdCursor),
            () => decodeCursor(token, TimeIdCursor),
          ];
          for (const decode of decoders) {
            const error = refusal(decode);
            if (!error) continue;
            expect(error).toBeInstanceOf(AppError);
            expect(error.code).toBe('invalid_argument');
            expect(error.details.map((d) => d.path)).toEqual(['query.page_token']);
          }
        },
      ),
      runs,
    );
  });

  it('pages: at most limit items, a token exactly when more rows exist, naming the last item', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        (rows, limit) => {
          const page = cursorPage(rows, limit, (last) => [last]);
          expect(page.items).toEqual(rows.slice(0, limit));
          expect(page.next_page_token !== null).toBe(rows.length > limit);
          if (page.next_page_token) {
            expect(decodeCursor(page.next_page_token, IdCursor)).toEqual([rows[limit - 1]]);
          }
        },
      ),
      runs,
    );
  });
});
