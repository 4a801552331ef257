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
  ) {
    super(message);
  }
}

function errorBody(body: unknown): { code: string; message: string; details: ApiError['details'] } {
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: unknown }).error
      : undefined;
  if (typeof error !== 'object' || error === null)
    return { code: 'unknown', message: '', details: [] };
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
  };
}

/** `fetch` to the same-origin API, with the signed-in user's ID token when there is one. */
export async function apiRequest<T>(
  auth: Auth | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const user = auth?.currentUser;
  if (user) headers.Authorization = `Bearer ${await user.getIdToken()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const { code, message, details } = errorBody(parsed);
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      response.status,
      code,
      message || response.statusText,
      details,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return parsed as T;
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
