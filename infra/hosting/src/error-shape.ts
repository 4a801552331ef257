import { ApiError } from './api';

export interface Detail {
  path: string;
  message: string;
}

/**
 * What a person needs from any failure the API can answer: a title and the server's message,
 * when to retry (429), the limit that was exceeded (413), what stands in the way (409) and which
 * fields to correct (400). Pure, so every shape is unit-tested; `ErrorState` draws it.
 */
export interface ErrorShape {
  /** The HTTP status, or null when no answer came (a dropped connection, a bug in the page). */
  status: number | null;
  code: string;
  title: string;
  message: string;
  /** What to do next, when there is one thing to do. */
  action: string | null;
  retry: { seconds: number; at: Date } | null;
  limit: string | null;
  blockers: Detail[];
  fields: Detail[];
  requestId: string | null;
}

const KB = 1024;
const MB = 1024 * KB;

function size(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** "at most 20971520 bytes" → "at most 20 MB": the server counts bytes, people read megabytes. */
export function readableSizes(text: string): string {
  return text.replace(/\b(\d{4,}) bytes\b/g, (_whole, digits: string) => size(Number(digits)));
}

/** "42 s", "12 min", "1 h 5 min": a wait in the unit a person plans with. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 90) return `${s} s`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 90) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

const TITLES: Record<number, string> = {
  400: 'Some of what was sent needs correcting',
  401: 'Your session has ended',
  403: 'You are not allowed to do this',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too large',
  415: 'This type of file is not accepted',
  429: 'Limit reached',
};

function titleOf(status: number): string {
  if (TITLES[status]) return TITLES[status];
  return status >= 500 ? 'Something went wrong on our side' : `The request failed (${status})`;
}

function actionOf(status: number, hasRetry: boolean): string | null {
  if (status === 401) return 'Sign in again.';
  if (status === 400) return 'Correct what is named and send it again.';
  if (status === 409) return 'Resolve what stands in the way, then try again.';
  if (status === 413) return 'Choose a smaller file.';
  if (status === 429 && !hasRetry) return 'Wait a while before trying again.';
  if (status >= 500) return 'Try again in a moment; if it keeps failing, quote the reference.';
  return null;
}

export function errorShape(error: unknown, now: Date = new Date()): ErrorShape {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    const offline = error instanceof TypeError;
    return {
      status: null,
      code: offline ? 'network' : 'client',
      title: offline ? 'Pathwise could not be reached' : 'Something went wrong',
      message,
      action: offline ? 'Check the connection and try again.' : null,
      retry: null,
      limit: null,
      blockers: [],
      fields: [],
      requestId: null,
    };
  }
  const details = error.details.map((d) => ({ path: d.path, message: readableSizes(d.message) }));
  const retry =
    error.status === 429 && error.retryAfterSeconds !== null
      ? {
          seconds: error.retryAfterSeconds,
          at: new Date(now.getTime() + error.retryAfterSeconds * 1000),
        }
      : null;
  return {
    status: error.status,
    code: error.code,
    title: titleOf(error.status),
    message: readableSizes(error.message),
    action: actionOf(error.status, retry !== null),
    retry,
    limit: error.status === 413 ? details.map((d) => d.message).join('; ') || null : null,
    // A 409's details name what blocks the change (resources using it, rules unmet, …).
    blockers: error.status === 409 ? details : [],
    fields: error.status === 409 || error.status === 413 ? [] : details,
    requestId: error.requestId,
  };
}

/**
 * The details for one form field: its exact path, or the same field of an item in a list
 * (`files[0].file_name` for `file_name`); with `nested`, also the parts below it
 * (`accepted_file_types.1` for `accepted_file_types`).
 */
export function fieldDetails(shape: ErrorShape | null, field: string, nested = false): Detail[] {
  if (!shape) return [];
  return shape.fields.filter(
    (d) =>
      d.path === field ||
      d.path.endsWith(`.${field}`) ||
      (nested && d.path.startsWith(`${field}.`)),
  );
}
