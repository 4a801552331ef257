import type { Request, Response } from '@google-cloud/functions-framework';
import type { z } from 'zod';
import type { Caller, Role } from '../auth';
import type { ServiceIdentity } from '../service-auth';
import type { RequestContext } from '../use-case';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B, H = undefined> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** The request headers the route's `headers` schema names, parsed (names in lower case). */
  headers: H;
  /** The body as bytes, on routes that take `rawBody`. */
  bytes: Buffer | undefined;
  /** Present on every route whose `auth` is a role. */
  caller: Caller;
  requestId: string;
  /** What use cases are handed: the request they serve. */
  ctx: RequestContext;
}

/** A reply with a status or headers other than the route's defaults. */
export class HttpReply<R> {
  constructor(
    readonly status: number,
    readonly body: R,
    readonly headers: Record<string, string> = {},
  ) {}
}

type Schema = z.ZodType;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  PS extends Schema | undefined = Schema | undefined,
  QS extends Schema | undefined = Schema | undefined,
  BS extends Schema | undefined = Schema | undefined,
  RS extends Schema = Schema,
  HS extends Schema | undefined = Schema | undefined,
> {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/pathways/{pathway_id}`. */
  path: string;
  summary: string;
  tags: string[];
  /**
   * Who may call: users with at least this role (Firebase ID token); `{ service }`, only that
   * Google service identity (OIDC token, see service-auth.ts); `public`, anyone.
   */
  auth: Role | 'public' | { service: ServiceIdentity };
  params?: PS;
  query?: QS;
  body?: BS;
  /** Request headers the route reads: an object schema keyed by lower-case header name. */
  headers?: HS;
  /** Body schema for requests that send none at all (e.g. an optional `notes`). */
  bodyOptional?: boolean;
  /** The largest body the route reads, in bytes (1 MB unless it needs more). */
  maxBodyBytes?: number;
  /** The route takes a file as it is (handed over as `bytes`), of one of these media types. */
  rawBody?: { contentTypes: readonly string[] };
  response: RS;
  /** What the success response is: JSON (the default) or an HTML page (`response` is a string). */
  produces?: 'application/json' | 'text/html';
  /** The success status (200 unless said); `alsoAnswers` lists others a handler may reply with. */
  status?: number;
  alsoAnswers?: number[];
  handler: (
    ctx: RouteContext<Parsed<PS>, Parsed<QS>, Parsed<BS>, Parsed<HS>>,
  ) => Promise<z.input<RS> | HttpReply<z.input<RS>>>;
}

export type AnyRoute = RouteSpec<
  Schema | undefined,
  Schema | undefined,
  Schema | undefined,
  Schema,
  Schema | undefined
>;

/** Keeps the route's schema types attached to its handler's context. */
export function route<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
  RS extends Schema = Schema,
  HS extends Schema | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS, RS, HS>): AnyRoute {
  return spec as unknown as AnyRoute;
}
