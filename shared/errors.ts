import type { z } from 'zod';
import { GrpcStatus, hasCode, unreachable } from './platform/grpc';

export interface ErrorDetail {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'method_not_allowed'
  | 'already_exists'
  | 'failed_precondition'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'resource_exhausted'
  | 'internal'
  | 'unavailable';

/** Firebase callable protocol status names (`functions/<status>` on the client). */
export type CallableStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'OUT_OF_RANGE'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE';

/** The single mapping from domain error codes to what the edges speak. */
export const errorMapping: Record<ErrorCode, { http: number; callable: CallableStatus }> = {
  invalid_argument: { http: 400, callable: 'INVALID_ARGUMENT' },
  unauthenticated: { http: 401, callable: 'UNAUTHENTICATED' },
  permission_denied: { http: 403, callable: 'PERMISSION_DENIED' },
  not_found: { http: 404, callable: 'NOT_FOUND' },
  method_not_allowed: { http: 405, callable: 'INVALID_ARGUMENT' },
  already_exists: { http: 409, callable: 'ALREADY_EXISTS' },
  failed_precondition: { http: 409, callable: 'FAILED_PRECONDITION' },
  payload_too_large: { http: 413, callable: 'OUT_OF_RANGE' },
  unsupported_media_type: { http: 415, callable: 'INVALID_ARGUMENT' },
  resource_exhausted: { http: 429, callable: 'RESOURCE_EXHAUSTED' },
  internal: { http: 500, callable: 'INTERNAL' },
  unavailable: { http: 503, callable: 'UNAVAILABLE' },
};

/** HTTP status of each callable status, as the Firebase callable protocol defines it. */
export const callableHttpStatus: Record<CallableStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Seconds a client should wait before retrying (429). */
  readonly retryAfterSeconds: number | undefined;
  /**
   * An `unavailable` the design expects and the platform's retry resolves (a claim another
   * attempt holds, an external service that is down, contention between transactions): logged
   * as a warning, so error alerting sees only faults.
   */
  readonly expected: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      details?: ErrorDetail[];
      retryAfterSeconds?: number;
      cause?: unknown;
      expected?: boolean;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.expected = code === 'unavailable' && (options.expected ?? false);
  }
}

export const invalidArgument = (message: string, details: ErrorDetail[] = []) =>
  new AppError('invalid_argument', message, { details });
export const unauthenticated = (message = 'A valid Firebase ID token is required') =>
  new AppError('unauthenticated', message);
export const permissionDenied = (message = 'You are not allowed to do this') =>
  new AppError('permission_denied', message);
export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const alreadyExists = (message: string) => new AppError('already_exists', message);
export const failedPrecondition = (message: string, details: ErrorDetail[] = []) =>
  new AppError('failed_precondition', message, { details });
export const payloadTooLarge = (message: string, details: ErrorDetail[] = []) =>
  new AppError('payload_too_large', message, { details });
export const unsupportedMediaType = (message: string, details: ErrorDetail[] = []) =>
  new AppError('unsupported_media_type', message, { details });
export const resourceExhausted = (message: string, retryAfterSeconds: number) =>
  new AppError('resource_exhausted', message, { retryAfterSeconds });

/** Turns zod issues into the API's `details`, one per failing field, path dotted from `root`. */
export function detailsFromZod(error: z.ZodError, root?: string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const segments = [...(root ? [root] : []), ...issue.path.map(String)];
    return { path: segments.join('.') || '(root)', message: issue.message };
  });
}

export function fromZod(error: z.ZodError, root?: string): AppError {
  const details = detailsFromZod(error, root);
  const first = details[0];
  const message = first ? `Invalid request: ${first.path}: ${first.message}` : 'Invalid request';
  return invalidArgument(message, details);
}

/**
 * A fault on our side (a bug, or a dependency that failed): logged as an error, answered 500/503,
 * and for events redelivered. Everything else is the caller's problem: answered, logged as info,
 * and for events acknowledged.
 */
export function isServerFault(error: AppError): boolean {
  return error.code === 'internal' || error.code === 'unavailable';
}

/** How loudly a failure is logged: ERROR only for faults an operator has to look at. */
export type FailureSeverity = 'INFO' | 'WARNING' | 'ERROR';

export function failureSeverity(error: AppError): FailureSeverity {
  if (!isServerFault(error)) return 'INFO';
  return error.expected ? 'WARNING' : 'ERROR';
}

/**
 * Anything not an AppError is a bug or a transient failure: it surfaces as `internal`, except
 * gRPC's ABORTED, which Firestore answers when transactions on the same documents collide past
 * its own retries: contention, answered 503 so the caller (Cloud Tasks, Eventarc, a client)
 * tries again; and a dependency that cannot be reached, also 503.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasCode(error, GrpcStatus.ABORTED)) {
    return new AppError('unavailable', 'Contention on the same documents; try again', {
      cause: error,
      expected: true,
      retryAfterSeconds: 1,
    });
  }
  // A dependency down (Cloud Tasks, Pub/Sub, Storage): 503, so clients and the platform retry;
  // still an operator's fault to look at, so logged as an error.
  if (unreachable(error)) {
    return new AppError('unavailable', 'A service Pathwise depends on is unreachable; try again', {
      cause: error,
      retryAfterSeconds: 2,
    });
  }
  return new AppError('internal', 'Internal error', { cause: error });
}

const MAX_MESSAGE = 300;
const MAX_DETAIL = 200;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * What an error may say to a client: a 500 never says what went wrong inside (that stays in the
 * log), and nothing echoes more than a few hundred characters of what the client sent.
 */
export function publicError(error: AppError): { message: string; details: ErrorDetail[] } {
  if (isServerFault(error)) return { message: 'Internal error', details: [] };
  return {
    message: truncate(error.message, MAX_MESSAGE),
    details: error.details.slice(0, 20).map((d) => ({
      path: truncate(d.path, MAX_DETAIL),
      message: truncate(d.message, MAX_DETAIL),
    })),
  };
}
