import { api, call } from '../helpers/api';
import { demoUser, type TestUser } from '../helpers/auth';

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
      type: 'video',
      title: 'What is AI Image Generation + Model Types',
      description: null,
      duration_minutes: 40,
      requires_upload: false,
      order_index: 1,
      url: null,
      required: true,
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
