import { z } from 'zod';
import { ErrorResponseSchema } from '../schemas/common';
import type { HttpDefinition } from '../platform/functions';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query' | 'header',
): object[] {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !field.safeParse(undefined).success,
    schema: schemaOf(field, 'input'),
  }));
}

/** Where callables are reached: Cloud Functions in the cloud, the local functions host locally. */
const callableServers = [
  {
    url: 'https://{region}-{project}.cloudfunctions.net',
    description: 'Deployed (use httpsCallable with the Firebase JS SDK)',
    variables: { region: { default: 'us-central1' }, project: { default: 'your-project' } },
  },
  {
    url: 'http://127.0.0.1:5001/{project}/{region}',
    description: 'Local stack (connectFunctionsEmulator)',
    variables: { region: { default: 'us-central1' }, project: { default: 'demo-pathwise' } },
  },
];

const errorResponse = {
  description:
    'Error: 400 invalid_argument (with field paths), 401, 403, 404, 409, 413, 429 (Retry-After)',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/**
 * The OpenAPI 3.1 document of every HTTP route and callable, generated from the same zod
 * schemas that validate requests and responses, so it cannot drift from the code.
 */
export function buildOpenApi(definitions: readonly HttpDefinition[], version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of definitions) {
    for (const route of def.routes) {
      const operation: Record<string, unknown> = {
        operationId: `${def.name}_${route.method.toLowerCase()}_${route.path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
        summary: route.summary,
        tags: route.tags,
        'x-function': def.name,
        'x-minimum-role': route.auth,
        security: route.auth === 'public' ? [] : [{ firebaseIdToken: [] }],
        parameters: [
          ...parametersOf(route.params, 'path'),
          ...parametersOf(route.query, 'query'),
          ...parametersOf(route.headers, 'header'),
        ],
        responses: {
          ...Object.fromEntries(
            [route.status ?? 200, ...(route.alsoAnswers ?? [])].map((status) => [
              String(status),
              {
                description: 'Success',
                content: {
                  [route.produces ?? 'application/json']: {
                    schema: schemaOf(route.response, 'output'),
                  },
                },
              },
            ]),
          ),
          default: errorResponse,
        },
      };
      if (route.body) {
        operation.requestBody = {
          required: !route.bodyOptional,
          content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
        };
      }
      if (route.rawBody) {
        operation.requestBody = {
          required: true,
          content: Object.fromEntries(
            route.rawBody.contentTypes.map((type) => [
              type,
              { schema: { type: 'string', format: 'binary', maxLength: route.maxBodyBytes } },
            ]),
          ),
        };
      }
      paths[route.path] ??= {};
      (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
    }
    if (def.callable) {
      paths[`/${def.name}`] = {
        // Callables are not behind the Hosting origin: they live at the functions' own URL.
        servers: callableServers,
        post: {
          operationId: def.name,
          summary: `${def.callable.summary} (Firebase callable: use httpsCallable)`,
          tags: ['callable'],
          'x-minimum-role': def.callable.role,
          security: [{ firebaseIdToken: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['data'],
                  properties: { data: schemaOf(def.callable.data, 'input') },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Success',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { result: schemaOf(def.callable.result, 'output') },
                  },
                },
              },
            },
            default: {
              description: 'Callable error: {"error": {"status", "message", "details"}}',
            },
          },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pathwise API',
      version,
      description:
        'Learning-progress backend: catalog, progress, submissions and review. Authenticate with a Firebase ID token.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        firebaseIdToken: { type: 'http', scheme: 'bearer', bearerFormat: 'Firebase ID token' },
      },
      schemas: { Error: schemaOf(ErrorResponseSchema, 'output') },
    },
    paths,
  };
}
