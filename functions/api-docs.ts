import { z } from 'zod';
import { buildOpenApi } from '../shared/http/openapi';
import { route } from '../shared/http/route';
import {
  httpFunction,
  type FunctionDefinition,
  type HttpDefinition,
} from '../shared/platform/functions';
import { definitions } from './definitions';

let document: object | undefined;

/** What the public API document covers: HTTP routes and callables; task targets are internal. */
export function documented(functions: readonly FunctionDefinition[]): HttpDefinition[] {
  return functions.filter(
    (d): d is HttpDefinition => d.trigger.kind === 'http' || d.trigger.kind === 'callable',
  );
}

const docsRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/openapi.json',
    tags: ['meta'],
    auth: 'public',
    summary: 'This API’s OpenAPI 3.1 document',
    response: z.record(z.string(), z.unknown()),
    handler: async () => {
      document ??= buildOpenApi(
        documented([...definitions, apiDocs]),
        process.env.npm_package_version ?? '0.1.0',
      );
      return document as Record<string, unknown>;
    },
  }),
];

export const apiDocs: HttpDefinition = httpFunction('apiDocs', docsRoutes);
