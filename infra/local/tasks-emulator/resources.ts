// Over 300 lines: one resource model, its validation and its proto3 JSON rendering, kept in step.
/**
 * Queue and Task resources: what the emulator keeps, how a CreateTask body becomes a task (with
 * the validation Cloud Tasks applies), and how resources are rendered as the REST API renders
 * them (proto3 JSON: RFC 3339 timestamps, `"1.5s"` durations, base64 bytes, zero values left
 * out, enums as names or, when the client asks with `$alt=json;enum-encoding=int`, numbers).
 */
import { randomBytes } from 'node:crypto';
import { ApiError, invalid } from './errors';
import type { RetrySettings } from './queue';

export const HTTP_METHODS = [
  'HTTP_METHOD_UNSPECIFIED',
  'POST',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
] as const;
export type HttpMethod = Exclude<(typeof HTTP_METHODS)[number], 'HTTP_METHOD_UNSPECIFIED'>;

const VIEWS = ['VIEW_UNSPECIFIED', 'BASIC', 'FULL'] as const;
export type View = 'BASIC' | 'FULL';

const QUEUE_STATES = ['STATE_UNSPECIFIED', 'RUNNING', 'PAUSED', 'DISABLED'] as const;
export type QueueState = 'RUNNING' | 'PAUSED';

const METHODS_WITH_BODY: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

/** Cloud Tasks limits, applied so that what works locally also works in the cloud. */
export const limits = {
  maxScheduleAheadMs: 30 * 24 * 3600 * 1000,
  minDispatchDeadlineMs: 15_000,
  maxDispatchDeadlineMs: 30 * 60_000,
  defaultDispatchDeadlineMs: 10 * 60_000,
  maxTaskBytes: 1024 * 1024,
  maxUrlLength: 2083,
  maxTaskIdLength: 500,
  /** How long a deleted or finished task's name stays taken. */
  dedupWindowMs: 3600 * 1000,
} as const;

const TASK_ID = /^[A-Za-z0-9_-]+$/;
export const QUEUE_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Headers Cloud Tasks computes itself or reserves. They are dropped from the task as stored and
 * the emulator sets its own at dispatch.
 */
function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'host' ||
    lower === 'content-length' ||
    lower === 'user-agent' ||
    lower.startsWith('x-google-') ||
    lower.startsWith('x-appengine-') ||
    lower.startsWith('x-cloudtasks-')
  );
}

export interface QueueRecord {
  /** `projects/P/locations/L/queues/Q` */
  readonly name: string;
  readonly id: string;
  readonly rateLimits: {
    maxDispatchesPerSecond: number;
    maxBurstSize: number;
    maxConcurrentDispatches: number;
  };
  readonly retry: RetrySettings;
  state: QueueState;
  purgeTime?: number;
}

export interface HttpRequestRecord {
  url: string;
  httpMethod: HttpMethod;
  headers: Record<string, string>;
  body?: Buffer;
  oidcToken?: { serviceAccountEmail: string; audience?: string };
}

export interface AttemptRecord {
  scheduleTime: number;
  dispatchTime: number;
  responseTime?: number;
  responseStatus?: { code: number; message: string };
}

export interface TaskRecord {
  /** `projects/P/locations/L/queues/Q/tasks/T` */
  readonly name: string;
  readonly id: string;
  readonly queue: QueueRecord;
  readonly httpRequest: HttpRequestRecord;
  readonly createTime: number;
  /** Set by the caller; otherwise the emulator's default deadline applies. */
  readonly dispatchDeadlineMs?: number;
  /** When the next attempt is due; moves forward on every retry. */
  scheduleTime: number;
  dispatchCount: number;
  responseCount: number;
  /** Attempts that got a response below 500: what `X-CloudTasks-TaskExecutionCount` reports. */
  executionCount: number;
  previousResponse?: number;
  firstAttempt?: AttemptRecord;
  lastAttempt?: AttemptRecord;
}

export interface NewTask {
  id: string;
  /** Whether the caller named the task, which makes its name subject to de-duplication. */
  named: boolean;
  httpRequest: HttpRequestRecord;
  scheduleTime: number;
  dispatchDeadlineMs?: number;
  view: View;
}

export interface Encoding {
  numericEnums: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function enumValue<T extends string>(
  values: readonly string[],
  value: unknown,
  field: string,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  const name = typeof value === 'number' ? values[value] : value;
  if (typeof name !== 'string' || !values.includes(name)) {
    throw invalid(`Invalid value at '${field}' (${String(value)})`);
  }
  return name === values[0] ? undefined : (name as T);
}

function encodeEnum(values: readonly string[], name: string, encoding: Encoding): string | number {
  return encoding.numericEnums ? values.indexOf(name) : name;
}

export function parseView(value: unknown, field = 'response_view'): View {
  return enumValue<View>(VIEWS, value, field) ?? 'BASIC';
}

export function parseTimestamp(value: unknown, field: string): number {
  if (typeof value !== 'string') throw invalid(`Invalid value at '${field}': expected a timestamp`);
  // Date.parse reads at most milliseconds; finer digits are dropped, never rounded up.
  const match =
    /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value) ?? undefined;
  const ms = match
    ? Date.parse(`${match[1]}${(match[2] ?? '').slice(0, 4)}${match[3]}`)
    : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`Invalid value at '${field}' (${value})`);
  return ms;
}

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export function parseDuration(value: unknown, field: string): number {
  const match = typeof value === 'string' ? /^(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
  if (!match) throw invalid(`Invalid value at '${field}': expected a duration like "30s"`);
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Number(match[1]) * 1000 + Number(fraction);
}

export function formatDuration(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const rest = ms % 1000;
  return rest === 0 ? `${whole}s` : `${whole}.${String(rest).padStart(3, '0')}s`;
}

/** Random ids shaped like the ones Cloud Tasks generates (20 decimal digits). */
export function generateTaskId(): string {
  return (randomBytes(8).readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, '0');
}

function parseHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid("Invalid value at 'task.http_request.headers'");
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw invalid(`Invalid header in 'task.http_request.headers': ${name}`);
    }
    if (/[\r\n]/.test(headerValue)) throw invalid(`Header ${name} contains a line break`);
    if (!isReservedHeader(name)) headers[name] = headerValue;
  }
  return headers;
}

function parseHttpRequest(value: unknown): HttpRequestRecord {
  if (!isObject(value)) throw invalid("Invalid value at 'task.http_request'");
  const url = value.url;
  if (typeof url !== 'string' || url === '') {
    throw invalid('HttpRequest.url is required');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`HttpRequest.url is not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('HttpRequest.url must begin with "http://" or "https://"');
  }
  if (url.length > limits.maxUrlLength) {
    throw invalid(`HttpRequest.url is longer than ${limits.maxUrlLength} characters`);
  }
  const httpMethod =
    enumValue<HttpMethod>(HTTP_METHODS, value.httpMethod, 'task.http_request.http_method') ??
    'POST';
  let body: Buffer | undefined;
  if (value.body !== undefined && value.body !== null && value.body !== '') {
    if (typeof value.body !== 'string') throw invalid("Invalid value at 'task.http_request.body'");
    body = Buffer.from(value.body, 'base64');
    if (!METHODS_WITH_BODY.has(httpMethod)) {
      throw invalid(`HttpRequest.body is only allowed for POST, PUT and PATCH, not ${httpMethod}`);
    }
  }
  if (value.oauthToken !== undefined && value.oauthToken !== null) {
    throw new ApiError(
      'UNIMPLEMENTED',
      'oauthToken is not emulated: nothing local can mint Google access tokens; use oidcToken',
    );
  }
  const request: HttpRequestRecord = { url, httpMethod, headers: parseHeaders(value.headers) };
  if (body) request.body = body;
  const oidc = value.oidcToken;
  if (oidc !== undefined && oidc !== null) {
    if (
      !isObject(oidc) ||
      typeof oidc.serviceAccountEmail !== 'string' ||
      !oidc.serviceAccountEmail
    ) {
      throw invalid('OidcToken.service_account_email is required');
    }
    const audience = typeof oidc.audience === 'string' && oidc.audience ? oidc.audience : undefined;
    request.oidcToken = { serviceAccountEmail: oidc.serviceAccountEmail };
    if (audience) request.oidcToken.audience = audience;
  }
  return request;
}

function taskBytes(request: HttpRequestRecord): number {
  let size = Buffer.byteLength(request.url) + (request.body?.length ?? 0);
  for (const [name, value] of Object.entries(request.headers)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}

/** Reads a CreateTask request body for `queue`; throws ApiError when Cloud Tasks would refuse. */
export function parseCreateTask(body: unknown, queue: QueueRecord, now: number): NewTask {
  if (!isObject(body) || !isObject(body.task)) throw invalid('CreateTaskRequest.task is required');
  const task = body.task;
  if (task.appEngineHttpRequest !== undefined && task.appEngineHttpRequest !== null) {
    throw new ApiError('UNIMPLEMENTED', 'App Engine tasks are not emulated; use httpRequest');
  }
  if (task.httpRequest === undefined || task.httpRequest === null) {
    throw invalid('Task.http_request is required');
  }
  const httpRequest = parseHttpRequest(task.httpRequest);

  let id: string;
  let named = false;
  if (typeof task.name === 'string' && task.name !== '') {
    const prefix = `${queue.name}/tasks/`;
    if (!task.name.startsWith(prefix)) {
      throw invalid(`Task name must have the form ${prefix}TASK_ID, got ${task.name}`);
    }
    id = task.name.slice(prefix.length);
    if (!TASK_ID.test(id) || id.length > limits.maxTaskIdLength) {
      throw invalid(
        `Task id "${id}" may contain only letters, digits, hyphens and underscores, at most ${limits.maxTaskIdLength}`,
      );
    }
    named = true;
  } else {
    id = generateTaskId();
  }

  let scheduleTime = now;
  if (task.scheduleTime !== undefined && task.scheduleTime !== null) {
    scheduleTime = Math.max(now, parseTimestamp(task.scheduleTime, 'task.schedule_time'));
    if (scheduleTime - now > limits.maxScheduleAheadMs) {
      throw invalid('Task.schedule_time is more than 30 days in the future');
    }
  }

  const parsed: NewTask = {
    id,
    named,
    httpRequest,
    scheduleTime,
    view: parseView(body.responseView),
  };
  if (task.dispatchDeadline !== undefined && task.dispatchDeadline !== null) {
    const deadline = parseDuration(task.dispatchDeadline, 'task.dispatch_deadline');
    if (deadline < limits.minDispatchDeadlineMs || deadline > limits.maxDispatchDeadlineMs) {
      throw invalid('Task.dispatch_deadline must be between 15 seconds and 30 minutes');
    }
    parsed.dispatchDeadlineMs = deadline;
  }
  if (taskBytes(httpRequest) > limits.maxTaskBytes) {
    throw invalid('Task size too large: the limit is 1 MB');
  }
  return parsed;
}

function renderAttempt(attempt: AttemptRecord, full: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { dispatchTime: formatTimestamp(attempt.dispatchTime) };
  if (!full) return out;
  out.scheduleTime = formatTimestamp(attempt.scheduleTime);
  if (attempt.responseTime !== undefined) {
    out.responseTime = formatTimestamp(attempt.responseTime);
    if (attempt.responseStatus) {
      const status: Record<string, unknown> = { message: attempt.responseStatus.message };
      if (attempt.responseStatus.code !== 0) status.code = attempt.responseStatus.code;
      out.responseStatus = status;
    }
  }
  return out;
}

export function renderTask(
  task: TaskRecord,
  view: View,
  encoding: Encoding,
  defaultDeadlineMs: number,
): Record<string, unknown> {
  const request = task.httpRequest;
  const httpRequest: Record<string, unknown> = {
    url: request.url,
    httpMethod: encodeEnum(HTTP_METHODS, request.httpMethod, encoding),
  };
  if (Object.keys(request.headers).length > 0) httpRequest.headers = { ...request.headers };
  if (view === 'FULL' && request.body) httpRequest.body = request.body.toString('base64');
  if (request.oidcToken) httpRequest.oidcToken = { ...request.oidcToken };

  const out: Record<string, unknown> = {
    name: task.name,
    httpRequest,
    scheduleTime: formatTimestamp(task.scheduleTime),
    createTime: formatTimestamp(task.createTime),
    dispatchDeadline: formatDuration(task.dispatchDeadlineMs ?? defaultDeadlineMs),
  };
  if (task.dispatchCount > 0) out.dispatchCount = task.dispatchCount;
  if (task.responseCount > 0) out.responseCount = task.responseCount;
  if (task.firstAttempt) out.firstAttempt = renderAttempt(task.firstAttempt, false);
  if (task.lastAttempt) out.lastAttempt = renderAttempt(task.lastAttempt, true);
  out.view = encodeEnum(VIEWS, view, encoding);
  return out;
}

export function renderQueue(queue: QueueRecord, encoding: Encoding): Record<string, unknown> {
  const retryConfig: Record<string, unknown> = {
    maxAttempts: queue.retry.maxAttempts,
    maxRetryDuration: '0s',
    minBackoff: formatDuration(queue.retry.minBackoffMs),
    maxBackoff: formatDuration(queue.retry.maxBackoffMs),
    maxDoublings: queue.retry.maxDoublings,
  };
  const out: Record<string, unknown> = {
    name: queue.name,
    rateLimits: { ...queue.rateLimits },
    retryConfig,
    state: encodeEnum(QUEUE_STATES, queue.state, encoding),
  };
  if (queue.purgeTime !== undefined) out.purgeTime = formatTimestamp(queue.purgeTime);
  return out;
}

/**
 * The google.rpc.Status Cloud Tasks records for an attempt's HTTP answer, using the canonical
 * HTTP → gRPC mapping.
 */
export function statusForHttp(status: number): { code: number; message: string } {
  const message = `HTTP status code ${status}`;
  if (status >= 200 && status < 300) return { code: 0, message };
  const byStatus: Record<number, number> = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    409: 10,
    412: 9,
    416: 11,
    429: 8,
    499: 1,
    501: 12,
    503: 14,
    504: 4,
  };
  const code = byStatus[status] ?? (status >= 500 ? 13 : status >= 400 ? 9 : 2);
  return { code, message };
}
