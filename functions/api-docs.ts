import { z } from 'zod';
import { buildOpenApi } from '../shared/http/openapi';
import { route } from '../shared/http/route';
import {
  httpFunction,
  type FunctionDefinition,
  type HttpDefinition,
} from '../shared/platform/functions';
import type { Services } from './services';

/** What the public API document covers: HTTP routes and callables; task targets are internal. */
export function documented(functions: readonly FunctionDefinition[]): HttpDefinition[] {
  return functions.filter(
    (d): d is HttpDefinition => d.trigger.kind === 'http' || d.trigger.kind === 'callable',
  );
}

/**
 * The OpenAPI document of `product` (every other function) and of itself, built once, on the
 * first request: `product` is asked for then, so the deployed function starts without loading
 * every other function's routes and schemas.
 */
export function apiDocs(s: Services, product: () => readonly FunctionDefinition[]): HttpDefinition {
  let document: object | undefined;
  const self: HttpDefinition = httpFunction(
    'apiDocs',
    [
      route({
        method: 'GET',
        path: '/api/v1/openapi.json',
        tags: ['meta'],
        auth: 'public',
        summary: 'This API’s OpenAPI 3.1 document',
        response: z.record(z.string(), z.unknown()),
        handler: async () => {
          document ??= buildOpenApi(documented([...product(), self]), s.config.apiVersion);
          return document as Record<string, unknown>;
        },
      }),
    ],
    s.edge,
  );
  return self;
}
