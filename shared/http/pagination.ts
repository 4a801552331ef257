import { z } from 'zod';
import { invalidArgument } from '../errors';

/**
 * A whole number from a query string (plain decimal digits only: no `0x10`, `1e2` or ` 7`) or
 * from JSON (callables send the same fields as numbers).
 */
export function queryInteger(min: number, max: number) {
  return z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,9}$/, 'Must be a whole number')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));
}

export const LimitSchema = queryInteger(1, 100);
export const PageTokenSchema = z.string().min(1).max(1000);

export const PageQuerySchema = z.strictObject({
  limit: LimitSchema.default(20),
  page_token: PageTokenSchema.optional(),
});

/** An opaque cursor: the sort-key values of the last item of the previous page. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * The sort-key values of a cursor, checked against the shape the list issues (`shape`): a token
 * that is not one of ours is a 400, never a value that reaches a query.
 */
export function decodeCursor<T extends readonly unknown[]>(token: string, shape: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = shape.safeParse(parsed);
  if (checked.success) return checked.data;
  throw invalidArgument('page_token is not a token this API issued', [
    { path: 'query.page_token', message: 'Invalid page token' },
  ]);
}

/** Cursor shapes: a document id; an upload time (ms since 1970, within Firestore's range) and an id. */
export const IdCursor = z.tuple([z.string().min(1).max(300)]);
export const TimeIdCursor = z.tuple([
  z.number().int().min(0).max(253_402_300_799_999),
  z.string().regex(/^[A-Za-z0-9]{20}$/),
]);

/**
 * One page of a list read with `limit + 1` rows: the first `limit` items, and a token for the
 * next page when the extra row shows there is one.
 */
export function cursorPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => (string | number)[],
): { items: T[]; next_page_token: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    next_page_token:
      rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
