import { api } from '../../helpers/api';
import { createUser, demoUser, type TestUser } from '../../helpers/auth';
import { uniqueId } from '../../helpers/catalog';

/** Skill ids are snake_case: a unique one per test run. */
const skillId = (prefix: string) => uniqueId(prefix).replaceAll('-', '_');

describe('the skills list and skill tags in the catalog', () => {
  let instructor: TestUser;
  let learner: TestUser;
  beforeAll(async () => {
    [instructor, learner] = await Promise.all([createUser('instructor'), createUser('learner')]);
  });

  it('lets instructors manage skills and learners read them', async () => {
    const id = skillId('graphql');
    const created = await api(instructor.token).post('/api/v1/skills', {
      id,
      name: 'GraphQL',
      description: 'Schemas and resolvers',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, name: 'GraphQL', status: 'active' });
    expect((await api(instructor.token).post('/api/v1/skills', { id, name: 'Again' })).status).toBe(
      409,
    );
    expect((await api(learner.token).post('/api/v1/skills', { id: 'x_y', name: 'X' })).status).toBe(
      403,
    );
    const bad = await api(instructor.token).post('/api/v1/skills', { id: 'Not Snake', name: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');

    expect((await api(learner.token).get(`/api/v1/skills/${id}`)).body.name).toBe('GraphQL');
    const renamed = await api(instructor.token).patch(`/api/v1/skills/${id}`, {
      name: 'GraphQL APIs',
    });
    expect(renamed.body.name).toBe('GraphQL APIs');
    const listed = await api(learner.token).get('/api/v1/skills?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.skills.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['image_generation', 'prompt_engineering']),
    );
    const retired = await api(instructor.token).delete(`/api/v1/skills/${id}`);
    expect(retired.body.status).toBe('retired');
    expect((await api(learner.token).get('/api/v1/skills/no_such_skill')).status).toBe(404);
  });

  it('stores tags on pathways, resources and quiz questions, and refuses unknown skills', async () => {
    const client = api(instructor.token);
    const pathwayId = uniqueId('tagged');
    const learning = {
      skills: [{ skill_id: 'prompt_engineering', level: 5 }],
      difficulty: 'intermediate',
      prerequisites: [{ kind: 'skill', skill_id: 'image_generation', min_level: 2 }],
      estimated_hours: 4,
    };
    const pathway = await client.post('/api/v1/pathways', {
      id: pathwayId,
      title: 'Tagged',
      learning,
    });
    expect(pathway.status).toBe(201);
    expect(pathway.body.learning).toEqual(learning);
    const unknown = await client.patch(`/api/v1/pathways/${pathwayId}`, {
      learning: { ...learning, skills: [{ skill_id: 'no_such_skill', level: 5 }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: 'learning.skills.0.skill_id', message: 'Unknown skill no_such_skill' },
    ]);

    const moduleId = `${pathwayId}-m1`;
    await client.post(`/api/v1/pathways/${pathwayId}/modules`, { id: moduleId, title: 'M1' });
    const quiz = await client.post(`/api/v1/modules/${moduleId}/resources`, {
      id: `${moduleId}-quiz`,
      type: 'quiz',
      title: 'Check',
      learning: { skills: [{ skill_id: 'prompt_engineering', level: 5 }] },
      quiz: {
        questions: [
          {
            id: 'q1',
            prompt: 'Which?',
            options: ['a', 'b'],
            correct: [0],
            skills: ['prompt_engineering'],
            difficulty: 4.5,
          },
        ],
      },
    });
    expect(quiz.status).toBe(201);
    expect(quiz.body.learning).toEqual({
      skills: [{ skill_id: 'prompt_engineering', level: 5 }],
      prerequisites: [],
    });
    expect(quiz.body.questions[0].skills).toEqual(['prompt_engineering']);
    const badQuestion = await client.patch(`/api/v1/resources/${moduleId}-quiz`, {
      quiz: {
        questions: [{ prompt: 'Which?', options: ['a', 'b'], correct: [0], skills: ['nope_x'] }],
      },
    });
    expect(badQuestion.status).toBe(400);
    expect(badQuestion.body.error.details[0].path).toBe('quiz.questions.0.skills.0');
  });

  it('serves the demo pathways tagged', async () => {
    const learnerDemo = await demoUser('learner');
    const res = await api(learnerDemo.token).get('/api/v1/pathways/prompt-engineering');
    expect(res.body.learning).toMatchObject({
      difficulty: 'intermediate',
      prerequisites: [{ kind: 'skill', skill_id: 'prompt_engineering', min_level: 3 }],
    });
  });
});
