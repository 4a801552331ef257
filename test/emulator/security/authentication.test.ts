import { allFunctions } from '../../helpers/definitions';
import type { HttpDefinition } from '../../../shared/platform/functions';
import { call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';

/** Every public HTTP route, as Hosting serves them. */
const routes = allFunctions
  .filter((f): f is HttpDefinition => f.trigger.kind === 'http')
  .flatMap((f) =>
    f.routes.map((r) => ({ fn: f.name, method: r.method, path: r.path, auth: r.auth })),
  );

const concrete = (path: string, ids: Record<string, string> = {}) =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name] ?? 'sample-id');

describe('authentication on every route', () => {
  it.each(routes.filter((r) => r.auth !== 'public').map((r) => [r.method, r.path] as const))(
    '%s %s is 401 without a token',
    async (method, path) => {
      const res = await call(method, concrete(path), {
        body: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: 'unauthenticated',
        request_id: expect.any(String),
      });
    },
  );
});

describe('roles on every instructor and admin route', () => {
  let learner: TestUser;
  beforeAll(async () => {
    learner = await createUser('learner');
  });

  it.each(
    routes
      .filter((r) => r.auth === 'instructor' || r.auth === 'admin')
      .map((r) => [r.method, r.path] as const),
  )('%s %s is 403 for a learner', async (method, path) => {
    const res = await call(method, concrete(path), {
      token: learner.token,
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('permission_denied');
  });
});

describe('catalog mutations by someone who does not own the pathway', () => {
  let owner: TestUser;
  let other: TestUser;
  let tree: Tree;
  beforeAll(async () => {
    [owner, other] = await Promise.all([createUser('instructor'), createUser('instructor')]);
    tree = await buildPathway(
      owner.token,
      [{ resources: [{ type: 'video' }, { type: 'article' }] }],
      { publish: true },
    );
  });

  it('are 403 on a published pathway and change nothing', async () => {
    const m = tree.modules[0]?.id as string;
    const [r1, r2] = tree.modules[0]?.resources as [string, string];
    const attempts: [string, string, object?][] = [
      ['PATCH', `/api/v1/pathways/${tree.pathwayId}`, { title: 'x' }],
      ['POST', `/api/v1/pathways/${tree.pathwayId}/archive`],
      ['POST', `/api/v1/pathways/${tree.pathwayId}/publish`],
      ['DELETE', `/api/v1/pathways/${tree.pathwayId}`],
      ['POST', `/api/v1/pathways/${tree.pathwayId}/modules`, { title: 'x' }],
      ['PUT', `/api/v1/pathways/${tree.pathwayId}/modules/order`, { module_ids: [m] }],
      ['PATCH', `/api/v1/modules/${m}`, { title: 'x' }],
      ['DELETE', `/api/v1/modules/${m}`],
      ['POST', `/api/v1/modules/${m}/resources`, { type: 'video', title: 'x' }],
      ['PUT', `/api/v1/modules/${m}/resources/order`, { resource_ids: [r2, r1] }],
      ['PATCH', `/api/v1/resources/${r1}`, { title: 'x' }],
      ['DELETE', `/api/v1/resources/${r1}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, { token: other.token, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    const after = await call('GET', `/api/v1/pathways/${tree.pathwayId}`, { token: owner.token });
    expect(after.body).toMatchObject({
      status: 'published',
      outline_version: 4,
      title: `Pathway ${tree.pathwayId}`,
    });
  });

  it('are 404 for ids that do not exist and 400 for bodies that do not validate', async () => {
    const m = tree.modules[0]?.id as string;
    const missing: [string, string, object?][] = [
      ['PATCH', '/api/v1/pathways/nope-nope', { title: 'x' }],
      ['POST', '/api/v1/pathways/nope-nope/modules', { title: 'x' }],
      ['PATCH', '/api/v1/modules/nope-nope', { title: 'x' }],
      ['POST', '/api/v1/modules/nope-nope/resources', { type: 'video', title: 'x' }],
      ['DELETE', '/api/v1/resources/nope-nope'],
    ];
    for (const [method, path, body] of missing) {
      expect({
        path,
        status: (await call(method, path, { token: owner.token, body })).status,
      }).toEqual({ path, status: 404 });
    }
    const invalid: [string, string, object, string][] = [
      ['PATCH', `/api/v1/pathways/${tree.pathwayId}`, {}, '(root)'],
      ['PATCH', `/api/v1/pathways/${tree.pathwayId}`, { difficulty: 'expert' }, 'difficulty'],
      [
        'POST',
        `/api/v1/pathways/${tree.pathwayId}/modules`,
        { title: 'x', required_count: 0 },
        'required_count',
      ],
      ['PATCH', `/api/v1/modules/${m}`, { required_count: 1.5 }, 'required_count'],
      ['PUT', `/api/v1/modules/${m}/resources/order`, { resource_ids: [] }, 'resource_ids'],
      ['PATCH', `/api/v1/resources/${tree.modules[0]?.resources[0]}`, { url: 'ftp://x' }, 'url'],
    ];
    for (const [method, path, body, field] of invalid) {
      const res = await call(method, path, { token: owner.token, body });
      expect({ path, status: res.status, field: res.body.error.details[0].path }).toEqual({
        path,
        status: 400,
        field,
      });
    }
  });
});
