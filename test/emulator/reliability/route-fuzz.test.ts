import { ErrorResponseSchema } from '../../../shared/schemas/common';
import { call, functionsBaseUrl, type ApiResponse } from '../../helpers/api';
import { BAD_IDS, badBodies, badQueries, type BadInput, type JsonSchema } from './fuzz/inputs';
import { buildWorld, settledSnapshot, type World } from './fuzz/world';

/**
 * Every route and callable of the served OpenAPI document, fed seeded bad input generated from
 * its own schemas (wrong types, missing and unknown fields, huge strings, non-objects, bad query
 * values, ids that are not ids): never a 5xx, always the error shape, a field path on every 400,
 * and no write to any of the caller's documents by a rejected request.
 */
const SEED = 18;

interface Operation {
  path: string;
  method: string;
  callable: boolean;
  parameters: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  body?: JsonSchema;
  contentTypes: string[];
}

let world: World;
let operations: Operation[];
const sent = {
  requests: 0,
  snapshots: 0,
  rejected: 0,
  accepted: [] as string[],
  requestMs: 0,
  snapshotMs: 0,
};

beforeAll(async () => {
  world = await buildWorld();
  const doc = await call('GET', '/api/v1/openapi.json');
  const paths = doc.body.paths as Record<string, Record<string, any>>;
  operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => {
        const content = (op.requestBody?.content ?? {}) as Record<string, { schema: any }>;
        const callable = methods.servers !== undefined;
        return {
          path,
          method: method.toUpperCase(),
          callable,
          parameters: op.parameters ?? [],
          body: callable
            ? content['application/json']?.schema?.properties?.data
            : content['application/json']?.schema,
          contentTypes: Object.keys(content),
        };
      }),
  );
}, 60_000);

afterAll(() => {
  // The figures the reliability note reports.
  process.stdout.write(`route fuzzing: ${operations.length} operations, ${JSON.stringify(sent)}\n`);
});

function concrete(op: Operation, override?: { name: string; value: string }): string {
  if (op.callable) return `${functionsBaseUrl()}${op.path}`;
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    name === override?.name ? override.value : encodeURIComponent(world.ids[name] ?? 'sample-id'),
  );
}

/** The answer to bad input: a 4xx in the error shape, naming the field on a 400. */
function judge(op: Operation, input: BadInput, res: ApiResponse): void {
  const label = `${op.method} ${op.path}: ${input.what}`;
  expect({ label, status: res.status }).toEqual({ label, status: expect.any(Number) });
  expect({ label, serverError: res.status >= 500 }).toEqual({ label, serverError: false });
  if (res.status < 400) return;
  expect({ label, json: res.headers.get('content-type') ?? '' }).toEqual({
    label,
    json: expect.stringMatching(/^application\/json/),
  });
  if (op.callable) {
    expect({ label, status: typeof res.body?.error?.status }).toEqual({ label, status: 'string' });
    if (res.status === 400 && input.field) {
      const fields = (res.body.error.details?.fields ?? []) as { path: string }[];
      expect({ label, named: fields.some((f) => f.path.includes(input.field as string)) }).toEqual({
        label,
        named: true,
      });
    }
    return;
  }
  const shape = ErrorResponseSchema.safeParse(res.body);
  expect({ label, shape: shape.success }).toEqual({ label, shape: true });
  if (res.status !== 400) return;
  const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
  expect({ label, paths: paths.length > 0 && paths.every((p) => p.length > 0) }).toEqual({
    label,
    paths: true,
  });
  if (input.field)
    expect({ label, named: paths.some((p) => p.includes(input.field as string)) }).toEqual({
      label,
      named: true,
    });
}

function send(
  op: Operation,
  input: BadInput,
  where: 'body' | 'query' | 'path',
): Promise<ApiResponse> {
  sent.requests += 1;
  const token = world.caller.token;
  if (where === 'query') {
    const query = new URLSearchParams(input.value as Record<string, string>).toString();
    return call(op.method, `${concrete(op)}?${query}`, { token });
  }
  if (where === 'path') {
    const [name, value] = input.value as [string, string];
    return call(op.method, concrete(op, { name, value }), {
      token,
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: {} }),
    });
  }
  return call(op.method, concrete(op), {
    token,
    body: op.callable ? { data: input.value } : input.value,
  });
}

function casesOf(op: Operation, index: number): [BadInput, 'body' | 'query' | 'path'][] {
  const seed = SEED * 1000 + index;
  const cases: [BadInput, 'body' | 'query' | 'path'][] = [];
  if (op.body) for (const c of badBodies(op.body, seed)) cases.push([c, 'body']);
  else if (op.contentTypes.length > 0)
    cases.push([
      { what: `JSON instead of ${op.contentTypes.join(', ')}`, value: { a: 1 } },
      'body',
    ]);
  const query = op.parameters.filter((p) => p.in === 'query');
  for (const c of badQueries(query, seed)) cases.push([c, 'query']);
  for (const p of op.parameters.filter((q) => q.in === 'path')) {
    const id = BAD_IDS[(seed + p.name.length) % BAD_IDS.length] as string;
    cases.push([{ what: `path ${p.name}=${id.slice(0, 12)}`, value: [p.name, id] }, 'path']);
  }
  return cases;
}

it('fuzzes every operation of the OpenAPI document: no 5xx, the error shape, no partial writes', async () => {
  expect(operations.length).toBeGreaterThan(60);
  let baseline = await settledSnapshot(world);
  for (const [index, op] of operations.entries()) {
    for (const [input, where] of casesOf(op, index)) {
      let started = Date.now();
      const res = await send(op, input, where);
      sent.requestMs += Date.now() - started;
      judge(op, input, res);
      if (res.status < 400) {
        // Bad-looking input a route may take (unknown query parameters ignored, say).
        sent.accepted.push(`${op.method} ${op.path}: ${input.what}`);
        baseline = await settledSnapshot(world);
        continue;
      }
      sent.rejected += 1;
      if (op.method === 'GET') continue;
      const label = `${op.method} ${op.path}: ${input.what}`;
      started = Date.now();
      const after = await world.snapshot();
      sent.snapshots += 1;
      sent.snapshotMs += Date.now() - started;
      expect({ label, unchanged: after === baseline }).toEqual({
        label,
        unchanged: true,
      });
    }
    if (op.method === 'GET') {
      sent.snapshots += 1;
      const label = `${op.method} ${op.path}`;
      expect({ label, unchanged: (await world.snapshot()) === baseline }).toEqual({
        label,
        unchanged: true,
      });
    }
  }
  expect(sent.rejected).toBeGreaterThan(sent.requests * 0.9);
}, 600_000);
