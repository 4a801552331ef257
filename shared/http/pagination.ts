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
