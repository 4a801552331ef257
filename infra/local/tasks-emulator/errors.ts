/**
 * Errors in the shape Google REST APIs answer with, `{"error":{"code","message","status"}}`.
 * google-gax maps `status` onto the numeric gRPC code clients see (ALREADY_EXISTS → 6), so the
 * status names and HTTP codes here must be the canonical pairs.
 */

export const canonicalStatus = {
  INVALID_ARGUMENT: { http: 400, grpc: 3 },
  FAILED_PRECONDITION: { http: 400, grpc: 9 },
  NOT_FOUND: { http: 404, grpc: 5 },
  ALREADY_EXISTS: { http: 409, grpc: 6 },
  UNIMPLEMENTED: { http: 501, grpc: 12 },
  INTERNAL: { http: 500, grpc: 13 },
} as const;

export type CanonicalStatus = keyof typeof canonicalStatus;

export class ApiError extends Error {
  constructor(
    readonly status: CanonicalStatus,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get httpStatus(): number {
    return canonicalStatus[this.status].http;
  }

  toJSON(): { error: { code: number; message: string; status: CanonicalStatus } } {
    return { error: { code: this.httpStatus, message: this.message, status: this.status } };
  }
}

export const invalid = (message: string) => new ApiError('INVALID_ARGUMENT', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
