/**
 * The gRPC status codes Google clients (Firestore, Cloud Tasks, Pub/Sub) put on errors, by name,
 * so code says which failure it handles.
 */
export const GrpcStatus = {
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
} as const;

/** Cloud Storage speaks HTTP: its client errors carry the HTTP status. */
export const HttpStatus = {
  NOT_FOUND: 404,
  PRECONDITION_FAILED: 412,
} as const;

export function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

export function hasCode(error: unknown, code: number): boolean {
  return errorCode(error) === code;
}
