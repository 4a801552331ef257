import { db } from '../../helpers/services';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';

let instructor: TestUser;

beforeAll(async () => {
  instructor = await createUser('instructor');
});

const r = (id: string) => `/api/v1/users/me/resources/${id}`;

describe('enrolment', () => {
  it('enrols once: 201 the first time, 200 after, and lists the caller’s enrollments', async () => {
    const learner = await createUser('learner');
    const first = await api(learner.token).post('/api/v1/pathways/prompt-engineering/enroll');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      pathway_id: 'prompt-engineering',
      title: 'Prompt Engineering',
      created: true,
      pathway_progress: 0,
      started_at: null,
    });
    const again = await api(learner.token).post('/api/v1/pathways/prompt-engineering/enroll');
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.enrolled_at).toBe(first.body.enrolled_at);

    await api(learner.token).post(`${r('foundations-image-gen-r1')}/start`);
    const list = await api(learner.token).get('/api/v1/users/me/enrollments?limit=1');
    expect(list.body.enrollments).toHaveLength(1);
    expect(list.body.next_page_token).toEqual(expect.any(String));
    const rest = await api(learner.token).get(
      `/api/v1/users/me/enrollments?limit=1&page_token=${list.body.next_page_token}`,
    );
    const ids = [...list.body.enrollments, ...rest.body.enrollments]
      .map((e: { pathway_id: string }) => e.pathway_id)
      .sort();
    expect(ids).toEqual(['image-generation', 'prompt-engineering']);
    expect(rest.body.next_page_token).toBeNull();
  });

  it('is 404 for a draft pathway', async () => {
    const learner = await createUser('learner');
    const draft = await buildPathway(instructor.token, [{ resources: [{ type: 'article' }] }]);
    expect(
      (await api(learner.token).post(`/api/v1/pathways/${draft.pathwayId}/enroll`)).status,
    ).toBe(404);
  });
});

describe('seed 004 views', () => {
  it('records views, and summarises counts, completion and where to resume', async () => {
    const learner = await createUser('learner');
    const view = await api(learner.token).post(`${r('prompt-basics-r1')}/view`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'in_progress',
      view_count: 1,
      last_viewed_at: expect.any(String),
    });
    const viewedAgain = await api(learner.token).post(`${r('prompt-basics-r1')}/view`);
    expect(viewedAgain.body.view_count).toBe(2);
    await api(learner.token).post(`${r('prompt-basics-r2')}/complete`);

    const summary = await api(learner.token).get(
      '/api/v1/users/me/enrollments/prompt-engineering/summary',
    );
    expect(summary.body).toEqual({
      pathway_id: 'prompt-engineering',
      user_id: learner.uid,
      total_resources: 10,
      completed_resources: 1,
      in_progress_resources: 1,
      not_started_resources: 8,
      // 8 required units: basics 3, patterns 3, evaluation 2 of 3.
      completion_percentage: 12.5,
      current_module_id: 'prompt-basics',
      current_resource_id: 'prompt-basics-r1',
      last_activity_at: expect.any(String),
      outline_version: expect.any(Number),
      completed_at: null,
      completed_on_version: null,
      has_new_content: false,
    });

    const module = await api(learner.token).get(
      '/api/v1/users/me/enrollments/prompt-engineering/modules/prompt-basics',
    );
    expect(module.body).toMatchObject({
      module_id: 'prompt-basics',
      title: 'Prompting Basics',
      done: 1,
      target: 3,
      module_progress: 33.3,
    });
    expect(module.body.resources.map((x: { status: string }) => x.status)).toEqual([
      'in_progress',
      'completed',
      'not_started',
      'not_started',
    ]);
    expect(
      (
        await api(learner.token).get(
          '/api/v1/users/me/enrollments/prompt-engineering/modules/foundations-image-gen',
        )
      ).status,
    ).toBe(404);
  });

  it('keeps video playback position for resuming', async () => {
    const learner = await createUser('learner');
    const res = await api(learner.token).put(`${r('prompt-basics-r1')}/progress`, {
      last_position_seconds: 754,
      watch_time_seconds: 800,
      progress_percentage: 50,
    });
    expect(res.body).toMatchObject({
      status: 'in_progress',
      progress_percentage: 50,
      time_spent_minutes: 14,
    });
    const progress = await api(learner.token).get(`${r('prompt-basics-r1')}/progress`);
    expect(progress.body).toMatchObject({ last_position_seconds: 754, watch_time_seconds: 800 });
    const article = await api(learner.token).put(`${r('prompt-basics-r2')}/progress`, {
      last_position_seconds: 5,
    });
    expect(article.status).toBe(400);
    expect(article.body.error.details[0].path).toBe('last_position_seconds');
  });
});

describe('reset', () => {
  it('clears one pathway’s progress, says what was cleared, and leaves others alone', async () => {
    const learner = await createUser('learner');
    await api(learner.token).put(`${r('prompt-basics-r1')}/progress`, {
      progress_percentage: 100,
      time_spent_minutes: 30,
    });
    await api(learner.token).post(`${r('prompt-basics-r3')}/quiz-attempts`, { answers: {} });
    await api(learner.token).post(`${r('foundations-image-gen-r1')}/complete`);

    const reset = await api(learner.token).delete(
      '/api/v1/users/me/enrollments/prompt-engineering/progress',
    );
    expect(reset.body).toEqual({
      pathway_id: 'prompt-engineering',
      user_id: learner.uid,
      reset: true,
      cleared: {
        resources: 2,
        completed_resources: 1,
        quiz_attempts: 0,
        time_spent_minutes: 30,
        pathway_completed: false,
      },
      kept: { quiz_attempts: 1 },
    });
    const after = await api(learner.token).get('/api/v1/users/me/progress/prompt-engineering');
    expect(after.body).toMatchObject({
      pathway_progress: 0,
      started_at: null,
      total_time_spent_minutes: 0,
      enrolled: true,
    });
    const attempts = await db()
      .collection('enrollments')
      .doc(`${learner.uid}_prompt-engineering`)
      .collection('quizAttempts')
      .get();
    // Attempts are history: a reset never gives them back.
    expect(attempts.size).toBe(1);
    const other = await api(learner.token).get('/api/v1/users/me/progress/image-generation');
    expect(other.body.pathway_progress).toBe(3.3);
  });
});
