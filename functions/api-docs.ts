import { z } from 'zod';
import { buildOpenApi } from '../shared/http/openapi';
import { route } from '../shared/http/route';
import { httpFunction, type HttpDefinition } from '../shared/platform/functions';
import { definitions } from './definitions';

let document: object | undefined;

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
        [...definitions, apiDocs].filter((d): d is HttpDefinition => d.signature === 'http'),
        process.env.npm_package_version ?? '0.1.0',
      );
      return document as Record<string, unknown>;
    },
  }),
];

export const apiDocs: HttpDefinition = httpFunction('apiDocs', docsRoutes);
