import { api, call, functionsBaseUrl } from '../../helpers/api';
import { demoUser } from '../../helpers/auth';

describe('local functions host', () => {
  it('serves a function at /{project}/{region}/{name} as well as through the Hosting rewrites', async () => {
    const learner = await demoUser('learner');
    const direct = await call(
      'GET',
      `${functionsBaseUrl()}/catalogApi/api/v1/pathways/prompt-engineering`,
      { token: learner.token },
    );
    const rewritten = await api(learner.token).get('/api/v1/pathways/prompt-engineering');
    expect(direct.status).toBe(200);
    expect(direct.body).toEqual(rewritten.body);
    expect(direct.body.modules.map((m: { module_id: string }) => m.module_id)).toEqual([
      'prompt-basics',
      'prompt-patterns',
      'prompt-evaluation',
    ]);
  });

  it('answers JSON 404s for paths no rewrite or function covers', async () => {
    const unrouted = await call('GET', '/api/v2/nothing');
    expect(unrouted.status).toBe(404);
    expect(unrouted.body.error.code).toBe('not_found');
    const unknownFn = await call('GET', `${functionsBaseUrl()}/noSuchFunction`);
    expect(unknownFn.status).toBe(404);
  });

  it('serves the OpenAPI document generated from the schemas, without a token', async () => {
    const doc = await call('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/pathways',
        '/api/v1/pathways/{pathway_id}/resources',
        '/api/v1/modules/{module_id}/resources',
        '/setUserRole',
      ]),
    );
  });

  it('answers CORS preflight for the API', async () => {
    const preflight = await call('OPTIONS', '/api/v1/pathways', {
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});
