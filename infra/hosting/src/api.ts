import type { Auth } from 'firebase/auth';
import { FunctionsError, httpsCallable, type Functions } from 'firebase/functions';

/** One failed request, in the API's error shape (`{"error": {code, message, details}}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[],
    /** From `Retry-After` on a 429: seconds to wait. */
    readonly retryAfterSeconds: number | null,
    /** The server's id of the request (`request_id`), for finding it in the logs. */
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

interface ErrorBody {
  code: string;
  message: string;
  details: ApiError['details'];
  requestId: string | null;
}

function errorBody(body: unknown): ErrorBody {
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: unknown }).error
      : undefined;
  if (typeof error !== 'object' || error === null)
    return { code: 'unknown', message: '', details: [], requestId: null };
  const e = error as Record<string, unknown>;
  const details = Array.isArray(e.details)
    ? e.details.flatMap((d: unknown) =>
        typeof d === 'object' && d !== null && 'message' in d
          ? [{ path: String((d as { path?: unknown }).path ?? ''), message: String(d.message) }]
          : [],
      )
    : [];
  return {
    code: typeof e.code === 'string' ? e.code : 'unknown',
    message: typeof e.message === 'string' ? e.message : '',
    details,
    requestId: typeof e.request_id === 'string' ? e.request_id : null,
  };
}

/** `Retry-After` in either of its forms (seconds, or an HTTP date), as seconds from `now`. */
export function retryAfterSeconds(header: string | null, now: Date = new Date()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds : null;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}

/** A body that is not JSON (a proxy's HTML 413, say) still makes an error with its status. */
function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** `fetch` to the same-origin API, with the signed-in user's ID token when there is one. */
export async function apiRequest<T>(
  auth: Auth | null,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, Accept: 'application/json' };
  const user = auth?.currentUser;
  if (user) headers.Authorization = `Bearer ${await user.getIdToken()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    const { code, message, details, requestId } = errorBody(parseBody(text));
    throw new ApiError(
      response.status,
      code,
      message || response.statusText,
      details,
      retryAfterSeconds(response.headers.get('Retry-After')),
      requestId,
    );
  }
  return (text ? JSON.parse(text) : null) as T;
}

/** A callable through the stock SDK, its failures turned into the same error type. */
export async function callFunction<T>(
  functions: Functions,
  name: string,
  data: unknown,
): Promise<T> {
  try {
    const result = await httpsCallable<unknown, T>(functions, name)(data);
    return result.data;
  } catch (error) {
    if (error instanceof FunctionsError) {
      const statuses: Record<string, number> = {
        'functions/invalid-argument': 400,
        'functions/unauthenticated': 401,
        'functions/permission-denied': 403,
        'functions/not-found': 404,
        'functions/already-exists': 409,
        'functions/failed-precondition': 409,
        'functions/resource-exhausted': 429,
      };
      throw new ApiError(statuses[error.code] ?? 500, error.code, error.message, [], null);
    }
    throw error;
  }
}

/** What a person needs to read about a failure: what happened and what to do about it. */
export function describeError(error: unknown, now: Date = new Date()): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fields = error.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  const more = fields.length > 0 ? ` (${fields.join('; ')})` : '';
  switch (error.status) {
    case 429: {
      if (error.retryAfterSeconds === null) return `Too many requests: ${error.message}${more}`;
      const at = new Date(now.getTime() + error.retryAfterSeconds * 1000);
      return `Limit reached: ${error.message}. Try again in ${error.retryAfterSeconds} s (at ${at.toLocaleTimeString()}).`;
    }
    case 413:
      return `Too large: ${error.message}${more}`;
    case 409:
      return `Not possible right now: ${error.message}${more}`;
    case 401:
      return 'Your session has ended: sign in again.';
    case 404:
      return `Not found: ${error.message}`;
    default:
      return `${error.message}${more}`;
  }
}
