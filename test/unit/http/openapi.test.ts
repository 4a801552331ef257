import { allFunctions } from '../../helpers/definitions';
import { buildOpenApi } from '../../../shared/http/openapi';
import { documented } from '../../../functions/api-docs';

const httpDefs = documented(allFunctions);
const doc = buildOpenApi(httpDefs, '1.2.3') as {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown> };
};

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route with its method', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const def of httpDefs) {
      for (const route of def.routes) {
        expect(doc.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
      }
    }
  });

  it('documents path parameters, query parameters and request bodies from the zod schemas', () => {
    const op = doc.paths['/api/v1/pathways/{pathway_id}/modules']?.post;
    expect(op.parameters).toEqual([
      expect.objectContaining({ name: 'pathway_id', in: 'path', required: true }),
    ]);
    const body = op.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['title']);
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['title', 'required_count', 'position']),
    );
    const list = doc.paths['/api/v1/pathways']?.get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'status',
      'limit',
      'page_token',
    ]);
    expect(list.parameters.every((p: { required: boolean }) => p.required === false)).toBe(true);
  });

  it('documents header parameters: the optional Idempotency-Key of opening an upload', () => {
    const op = doc.paths['/api/v1/users/me/resources/{resource_id}/upload']?.post;
    expect(op.parameters).toContainEqual(
      expect.objectContaining({
        name: 'idempotency-key',
        in: 'header',
        required: false,
        schema: expect.objectContaining({ minLength: 1, maxLength: 128 }),
      }),
    );
  });

  it('documents every success status a route answers (security finding 9)', () => {
    expect(Object.keys(doc.paths['/api/v1/pathways/{pathway_id}/enroll']?.post.responses)).toEqual([
      '200',
      '201',
      'default',
    ]);
    expect(
      Object.keys(doc.paths['/api/v1/users/me/resources/{resource_id}/upload']?.post.responses),
    ).toEqual(['201', 'default']);
    expect(Object.keys(doc.paths['/api/v1/pathways']?.post.responses)).toEqual(['201', 'default']);
  });

  it('documents callables at the functions’ own URL, not the Hosting origin (security finding 9)', () => {
    const item = doc.paths['/setUserRole'] as { servers: { url: string }[] };
    expect(item.servers.map((server) => server.url)).toEqual([
      'https://{region}-{project}.cloudfunctions.net',
      'http://127.0.0.1:5001/{project}/{region}',
    ]);
  });

  it('documents callables with their data and result', () => {
    const op = doc.paths['/setUserRole']?.post;
    expect(op['x-minimum-role']).toBe('admin');
    expect(
      op.requestBody.content['application/json'].schema.properties.data.properties.role.enum,
    ).toEqual(['learner', 'instructor', 'admin']);
  });

  it('never documents the answer key as part of what learners list', () => {
    const listed = doc.paths['/api/v1/pathways/{pathway_id}/resources']?.get.responses['200'];
    expect(JSON.stringify(listed)).not.toContain('"correct"');
  });

  it('documents a raw PDF body, public routes without security, and the HTML verify page', () => {
    const verify = doc.paths['/api/v1/certificates/verify']?.post;
    expect(verify.security).toEqual([]);
    expect(verify.requestBody.content).toEqual({
      'application/pdf': {
        schema: { type: 'string', format: 'binary', maxLength: 5 * 1024 * 1024 },
      },
    });
    const page = doc.paths['/verify/{certificate_id}']?.get;
    expect(Object.keys(page.responses['200'].content)).toEqual(['text/html']);
    expect(Object.keys(page.responses)).toEqual(['200', '404', 'default']);
  });
});
