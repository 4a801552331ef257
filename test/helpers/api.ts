import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function baseUrl(): string {
  const url = process.env.PATHWISE_BASE_URL;
  if (!url) throw new Error('PATHWISE_BASE_URL is not set: run emulator tests through npm test');
  return url;
}

export function functionsBaseUrl(): string {
  const url = process.env.PATHWISE_FUNCTIONS_BASE_URL;
  if (!url) throw new Error('PATHWISE_FUNCTIONS_BASE_URL is not set');
  return url;
}

/** Plain `fetch` against the local stack, as any HTTP client would call the API. */
export async function call<T = any>(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    /** Sent as is (a PDF's bytes, malformed JSON). */
    rawBody?: string | Uint8Array;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${path.startsWith('http') ? '' : baseUrl()}${path}`, {
    method,
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // non-JSON bodies are returned as text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export const api = (token?: string) => ({
  get: <T = any>(path: string) => call<T>('GET', path, { token }),
  post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, { token, body }),
  put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, { token, body }),
  patch: <T = any>(path: string, body?: unknown) => call<T>('PATCH', path, { token, body }),
  delete: <T = any>(path: string) => call<T>('DELETE', path, { token }),
});

/**
 * Headers that give a request a client address of its own (198.18.0.0/15, the range RFC 2544 sets
 * aside for tests, behind the one trusted proxy hop the stack is configured with). Per-address limits (10 registrations
 * an hour) otherwise count every test of the run as one client on 127.0.0.1, and a test that
 * happened to come eleventh was refused.
 */
export function ownClientAddress(): { 'X-Forwarded-For': string } {
  const [a = 0, b = 0] = randomBytes(2);
  return { 'X-Forwarded-For': `198.${18 + (a % 2)}.${b}.${1 + (a % 254)}` };
}
