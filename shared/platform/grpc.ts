/**
 * The gRPC status codes Google clients (Firestore, Cloud Tasks, Pub/Sub) put on errors, by name,
 * so code says which failure it handles.
 */
export const GrpcStatus = {
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAVAILABLE: 14,
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

/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Whether a dependency could not be reached: gRPC's UNAVAILABLE, or a network failure on the
 * error or its causes (Google's REST clients wrap Node's error in their own).
 */
export function unreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = errorCode(current);
    if (code === GrpcStatus.UNAVAILABLE) return true;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
