import { z } from 'zod';
import { invalidArgument } from '../errors';

export const LimitSchema = z.coerce.number().int().min(1).max(100);

export const PageQuerySchema = z.object({
  limit: LimitSchema.default(20),
  page_token: z.string().min(1).max(1000).optional(),
});

/** An opaque cursor: the sort-key values of the last item of the previous page. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(token: string, arity: number): (string | number)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed as (string | number)[];
    }
  } catch {
    // fall through to the precise error below
  }
  throw invalidArgument('page_token is not a token this API issued', [
    { path: 'query.page_token', message: 'Invalid page token' },
  ]);
}

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
