import type { z } from 'zod';

/**
 * What every use case is handed besides the caller and its input: the request it serves, so
 * logs, events and audit entries name it. Event handlers pass a request id derived from the
 * event, so a redelivery produces the same ids.
 */
export interface RequestContext {
  requestId: string;
  /** The client's address, for per-address limits; absent for events and callables. */
  clientAddress?: string;
}

/**
 * What a use case returns for a response schema: the schema's input, which the edge (router or
 * callable) parses into the response and checks.
 */
export type ResponseOf<S extends z.ZodType> = z.input<S>;
