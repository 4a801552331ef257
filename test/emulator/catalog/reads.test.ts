import { api, call } from '../../helpers/api';
import { demoUser, type TestUser } from '../../helpers/auth';

let learner: TestUser;

beforeAll(async () => {
  learner = await demoUser('learner');
});

describe('GET /api/v1/pathways/{id}/resources', () => {
  it('returns the seed 000 shape, organised by modules', async () => {
    const res = await api(learner.token).get('/api/v1/pathways/image-generation/resources');
    expect(res.status).toBe(200);
    expect(res.body.pathway_id).toBe('image-generation');
    expect(res.body.modules).toHaveLength(6);
    const first = res.body.modules[0];
    expect(first).toMatchObject({
      module_id: 'foundations-image-gen',
      title: 'Foundations of Image Generation',
    });
    expect(first.resources[0]).toEqual({
      id: 'foundations-image-gen-r1',
      key: null,
      type: 'video',
      title: 'What is AI Image Generation + Model Types',
      description: null,
      duration_minutes: 40,
      requires_upload: false,
      order_index: 1,
      url: null,
      required: true,
      learning: { skills: [{ skill_id: 'image_generation', level: 3 }], prerequisites: [] },
    });
    expect(first.resources[2]).toMatchObject({
      id: 'foundations-image-gen-r3',
      type: 'exercise',
      title: 'Simple Stable Diffusion prompt generation (Colab)',
      duration_minutes: 45,
      requires_upload: true,
      accepted_file_types: ['image/png', 'image/jpeg', 'application/pdf'],
      max_file_size_mb: 25,
      order_index: 3,
    });
  });

  it('is 401 without a token', async () => {
    const res = await call('GET', '/api/v1/pathways/image-generation/resources');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('GET /api/v1/modules/{id}/resources', () => {
  it('returns the seed 000 module shape in order', async () => {
    const res = await api(learner.token).get('/api/v1/modules/foundations-image-gen/resources');
    expect(res.status).toBe(200);
    expect(res.body.module_id).toBe('foundations-image-gen');
    expect(
      res.body.resources.map((r: { id: string; order_index: number }) => [r.id, r.order_index]),
    ).toEqual([
      ['foundations-image-gen-r1', 1],
      ['foundations-image-gen-r2', 2],
      ['foundations-image-gen-r3', 3],
      ['foundations-image-gen-r4', 4],
      ['foundations-image-gen-r5', 5],
    ]);
    expect(res.body.resources[3].quiz).toEqual({
      passing_score: 70,
      policy: 'highest',
      max_attempts: 5,
      reveal_answers: 'never',
      question_count: 3,
      has_answer_key: true,
    });
  });
});

describe('GET /api/v1/pathways and /api/v1/pathways/{id}', () => {
  it('lists the published demo pathways for a learner', async () => {
    const res = await api(learner.token).get('/api/v1/pathways?limit=100');
    expect(res.status).toBe(200);
    const ids = res.body.pathways.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['image-generation', 'prompt-engineering']));
    expect(res.body.pathways.every((p: { status: string }) => p.status === 'published')).toBe(true);
  });

  it('describes one pathway with module summaries', async () => {
    const res = await api(learner.token).get('/api/v1/pathways/image-generation');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'image-generation',
      status: 'published',
      module_count: 6,
      resource_count: 30,
      total_duration_minutes: 6 * 205,
    });
    expect(res.body.modules[0]).toEqual({
      module_id: 'foundations-image-gen',
      title: 'Foundations of Image Generation',
      order_index: 1,
      required_count: null,
      resource_count: 5,
      duration_minutes: 205,
    });
  });

  it('is 404 for an unknown pathway and 400 for an id that cannot exist', async () => {
    expect((await api(learner.token).get('/api/v1/pathways/no-such-pathway')).status).toBe(404);
    const bad = await api(learner.token).get('/api/v1/pathways/Not_A_Slug');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('params.pathway_id');
  });

  it('is 401 for a malformed or forged token', async () => {
    const forged = await call('GET', '/api/v1/pathways', { token: 'not-a-jwt' });
    expect(forged.status).toBe(401);
    const basic = await call('GET', '/api/v1/pathways', {
      headers: { Authorization: 'Basic Zm9vOmJhcg==' },
    });
    expect(basic.status).toBe(401);
  });
});
