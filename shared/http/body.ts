import type { Request } from '@google-cloud/functions-framework';
import getRawBody from 'raw-body';
import { invalidArgument, payloadTooLarge, unsupportedMediaType, type AppError } from '../errors';
import { EAGER_BODY_LIMIT, type GuardedRequest } from '../platform/edge-guards';

/** Routes take at most this much body unless they say otherwise. */
export const DEFAULT_BODY_LIMIT = EAGER_BODY_LIMIT;

const notJson = () =>
  unsupportedMediaType('The request body must be JSON', [
    { path: 'body', message: 'Expected Content-Type: application/json' },
  ]);

function tooLarge(limit: number): AppError {
  return payloadTooLarge(`The request body is larger than ${limit} bytes`, [
    { path: 'body', message: `At most ${limit} bytes` },
  ]);
}

/** What the framework's parser met, as the API says it. */
function fromParseFailure(
  failure: NonNullable<GuardedRequest['pathwiseBodyError']>,
  limit: number,
) {
  if (failure.status === 413) return tooLarge(limit);
  if (failure.status === 415) {
    return unsupportedMediaType('The request body must be UTF-8 JSON without content encoding', [
      { path: 'body', message: failure.type },
    ]);
  }
  return invalidArgument('The request body is not valid JSON', [
    { path: 'body', message: 'Expected a JSON object' },
  ]);
}

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value;
  } catch {
    throw invalidArgument('The request body is not valid JSON', [
      { path: 'body', message: 'Expected a JSON object' },
    ]);
  }
}

/** JSON travels as UTF-8 (RFC 8259 §8.1); any other declared charset is refused as such. */
function checkCharset(req: Request): void {
  const charset = /charset=\s*"?([^;"\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw unsupportedMediaType('The request body must be UTF-8 JSON', [
      { path: 'body', message: `Charset ${charset.slice(0, 40)} is not accepted` },
    ]);
  }
}

/** JSON media types: the API's, plus structured CloudEvents for event functions. */
export type JsonMediaType = 'application/json' | 'application/cloudevents+json';

/** A body the edge left unread: read it now, within the route's limit, as UTF-8 JSON. */
async function readDeferred(req: Request, limit: number, types: JsonMediaType[]): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.is(types)) throw notJson();
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw unsupportedMediaType('A large request body must be sent without content encoding');
  }
  let text: string;
  try {
    text = await getRawBody(req, { limit, encoding: 'utf-8' });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw tooLarge(limit);
    throw invalidArgument('The request body could not be read');
  }
  return parseJson(text);
}

/**
 * The request's JSON body, after authentication: `undefined` when there is none (the route
 * decides whether that is allowed). Everything malformed is a 4xx in the API's error shape.
 */
export async function jsonBody(
  req: Request,
  limit = DEFAULT_BODY_LIMIT,
  types: JsonMediaType[] = ['application/json'],
): Promise<unknown> {
  const guarded = req as Request & GuardedRequest;
  if (req.headers['content-type']) checkCharset(req);
  if (guarded.pathwiseBodyError) throw fromParseFailure(guarded.pathwiseBodyError, limit);
  if (guarded.pathwiseBodyDeferred) return readDeferred(req, limit, types);
  if (!req.rawBody || req.rawBody.length === 0) return undefined;
  if (req.rawBody.length > limit) throw tooLarge(limit);
  if (!req.is(types)) throw notJson();
  return req.body;
}

/** A path that is not valid percent-encoding is refused before anything else. */
export function checkPath(req: Request): void {
  if ((req as Request & GuardedRequest).pathwiseBadPath) {
    throw invalidArgument('The path is not valid percent-encoding', [
      { path: 'path', message: 'Malformed escape sequence' },
    ]);
  }
}
