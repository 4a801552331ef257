import { db } from '../../helpers/services';
import { api, call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';
import { collect, type Collector } from '../../helpers/pubsub';
import { outboxEvents } from '../../helpers/outbox';

let instructor: TestUser;
let events: Collector<any>;

beforeAll(async () => {
  instructor = await createUser('instructor');
  events = await collect('progress-events');
});

afterAll(async () => {
  await events.close();
});

const r = (id: string) => `/api/v1/users/me/resources/${id}`;

describe('seed 000 progress endpoints on the demo pathway', () => {
  let learner: TestUser;
  beforeAll(async () => {
    learner = await createUser('learner');
  });

  it('starts, updates and completes a video with the seed’s shapes and rollups', async () => {
    const client = api(learner.token);
    const start = await client.post(`${r('foundations-image-gen-r1')}/start`, {
      notes: 'Watching now',
    });
    expect(start.status).toBe(200);
    expect(start.body).toEqual({
      resource_id: 'foundations-image-gen-r1',
      status: 'in_progress',
      started_at: expect.any(String),
    });

    const update = await client.put(`${r('foundations-image-gen-r1')}/progress`, {
      progress_percentage: 100,
      time_spent_minutes: 42,
      status: 'completed',
      notes: 'Great video, learned about Stable Diffusion vs DALL-E',
    });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({
      resource_id: 'foundations-image-gen-r1',
      status: 'completed',
      progress_percentage: 100,
      time_spent_minutes: 42,
      completed_at: expect.any(String),
      module_progress: 20,
      module_completed: false,
      pathway_progress: 3.3,
    });

    const complete = await client.post(`${r('foundations-image-gen-r2')}/complete`);
    expect(complete.body).toEqual({
      resource_id: 'foundations-image-gen-r2',
      status: 'completed',
      completed_at: expect.any(String),
      module_progress: 40,
      pathway_progress: 6.7,
      module_completed: false,
      pathway_completed: false,
    });

    const full = await client.get('/api/v1/users/me/progress/image-generation');
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      user_id: learner.uid,
      pathway_id: 'image-generation',
      enrolled: true,
      pathway_progress: 6.7,
      completed_modules: 0,
      total_modules: 6,
      total_time_spent_minutes: 42,
      started_at: expect.any(String),
      last_accessed_at: expect.any(String),
      current_module_id: 'foundations-image-gen',
      current_resource_id: 'foundations-image-gen-r3',
    });
    const m1 = full.body.modules[0];
    expect(m1).toMatchObject({
      module_id: 'foundations-image-gen',
      title: 'Foundations of Image Generation',
      module_progress: 40,
      completed_at: null,
    });
    expect(m1.resources[0]).toMatchObject({
      resource_id: 'foundations-image-gen-r1',
      type: 'video',
      title: 'What is AI Image Generation + Model Types',
      status: 'completed',
      progress_percentage: 100,
      time_spent_minutes: 42,
      completed_at: expect.any(String),
    });
    expect(m1.resources[2]).toMatchObject({
      resource_id: 'foundations-image-gen-r3',
      status: 'not_started',
      submission_count: 0,
      submissions: [],
    });

    const one = await client.get(`${r('foundations-image-gen-r1')}/progress`);
    expect(one.body).toMatchObject({
      user_id: learner.uid,
      resource_id: 'foundations-image-gen-r1',
      resource: {
        type: 'video',
        title: 'What is AI Image Generation + Model Types',
        requires_upload: false,
      },
      status: 'completed',
      progress_percentage: 100,
      time_spent_minutes: 42,
      notes: 'Great video, learned about Stable Diffusion vs DALL-E',
      submission_required: false,
      submission_count: 0,
      submissions: [],
      module_progress: 40,
      pathway_progress: 6.7,
    });
  });

  it('shows a not-enrolled learner everything not started', async () => {
    const fresh = await createUser('learner');
    const res = await api(fresh.token).get('/api/v1/users/me/progress/prompt-engineering');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enrolled: false,
      pathway_progress: 0,
      started_at: null,
      current_resource_id: 'prompt-basics-r1',
    });
    expect(
      res.body.modules
        .flatMap((m: any) => m.resources)
        .every((x: any) => x.status === 'not_started'),
    ).toBe(true);
  });

  it('refuses to let a learner complete an upload resource or a quiz by hand', async () => {
    const exercise = await api(learner.token).post(`${r('foundations-image-gen-r3')}/complete`);
    expect(exercise.status).toBe(409);
    expect(exercise.body.error.code).toBe('failed_precondition');
    const quiz = await api(learner.token).put(`${r('foundations-image-gen-r4')}/progress`, {
      status: 'completed',
    });
    expect(quiz.status).toBe(409);
    expect(quiz.body.error.details[0].path).toBe('status');
  });

  it('rejects malformed bodies with the failing field’s path, never clamping', async () => {
    const client = api(learner.token);
    const cases: [object, string][] = [
      [{ progress_percentage: 101 }, 'progress_percentage'],
      [{ progress_percentage: -1 }, 'progress_percentage'],
      [{ time_spent_minutes: -5 }, 'time_spent_minutes'],
      [{ status: 'done' }, 'status'],
      [{ status: 'not_started' }, 'status'],
      [{ last_position_seconds: 'ten' }, 'last_position_seconds'],
      [{}, '(root)'],
    ];
    for (const [body, path] of cases) {
      const res = await client.put(`${r('foundations-image-gen-r2')}/progress`, body);
      expect({ body, status: res.status, path: res.body.error.details[0].path }).toEqual({
        body,
        status: 400,
        path,
      });
    }
    const unknownField = await client.put(`${r('foundations-image-gen-r2')}/progress`, {
      progress: 10,
    });
    expect(unknownField.status).toBe(400);
    const notJson = await call('PUT', `${r('foundations-image-gen-r2')}/progress`, {
      token: learner.token,
      rawBody: 'progress_percentage=10',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.details[0].path).toBe('body');
  });

  it('answers 404 for unknown resources and for resources of unpublished pathways', async () => {
    expect((await api(learner.token).post(`${r('no-such-resource')}/start`)).status).toBe(404);
    const draft = await buildPathway(instructor.token, [{ resources: [{ type: 'video' }] }]);
    const resourceId = draft.modules[0]?.resources[0] as string;
    const asLearner = await api(learner.token).post(`${r(resourceId)}/start`);
    expect(asLearner.status).toBe(404);
    expect(
      (await api(learner.token).get(`/api/v1/users/me/progress/${draft.pathwayId}`)).status,
    ).toBe(404);
    const asOwner = await api(instructor.token).post(`${r(resourceId)}/start`);
    expect(asOwner.status).toBe(200);
  });
});

describe('events', () => {
  it('publishes resource, module and pathway completions with old and new values and deterministic ids', async () => {
    const learner = await createUser('learner');
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'video' }, { type: 'article' }] }],
      { publish: true },
    );
    const [a, b] = tree.modules[0]?.resources as [string, string];
    await api(learner.token).post(`${r(a)}/complete`);
    const requestId = `req-${learner.uid}`;
    const last = await call('POST', `${r(b)}/complete`, {
      token: learner.token,
      headers: { 'X-Request-Id': requestId },
    });
    expect(last.body).toMatchObject({
      module_completed: true,
      pathway_completed: true,
      pathway_progress: 100,
    });

    const mine = (type: string) =>
      events.waitFor(
        (e) =>
          e.user_id === learner.uid &&
          e.type === type &&
          (type !== 'resource_completed' || e.resource_id === b),
      );
    const [resource, module, pathway] = await Promise.all([
      mine('resource_completed'),
      mine('module_completed'),
      mine('pathway_completed'),
    ]);
    const enrollment = `${learner.uid}_${tree.pathwayId}`;
    expect(resource).toMatchObject({
      event_id: `resource_completed:${enrollment}:${b}:2`,
      pathway_id: tree.pathwayId,
      module_id: tree.modules[0]?.id,
      resource_id: b,
      old: { status: 'not_started' },
      new: { status: 'completed' },
      request_id: requestId,
      event_time: expect.any(String),
    });
    expect(module).toMatchObject({
      module_id: tree.modules[0]?.id,
      old: { module_progress: 50, completed: false },
      new: { module_progress: 100, completed: true },
    });
    expect(pathway).toMatchObject({
      event_id: `pathway_completed:${enrollment}:${tree.pathwayId}:2`,
      old: { pathway_progress: 50 },
      new: { pathway_progress: 100 },
    });

    // Completing again is a no-op for events: nothing new happened.
    await api(learner.token).post(`${r(b)}/complete`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      events.messages.filter(
        (m) => m.data.user_id === learner.uid && m.data.type === 'pathway_completed',
      ),
    ).toHaveLength(1);
    const left = (await outboxEvents()).filter((e) => e.data.user_id === learner.uid);
    expect(left).toEqual([]);
  });
});

describe('concurrency', () => {
  it('leaves exactly 20 completed and correct aggregates after 20 parallel completions on one enrollment', async () => {
    const learner = await createUser('learner');
    const tree = await buildPathway(
      instructor.token,
      [
        { resources: Array.from({ length: 10 }, () => ({ type: 'article' })) },
        { resources: Array.from({ length: 15 }, () => ({ type: 'video' })) },
      ],
      { publish: true },
    );
    const targets = [
      ...(tree.modules[0]?.resources ?? []),
      ...(tree.modules[1]?.resources ?? []).slice(0, 10),
    ];
    const results = await Promise.all(
      targets.map((id) => api(learner.token).post(`${r(id)}/complete`)),
    );
    expect(results.map((x) => x.status)).toEqual(Array(20).fill(200));
    const doc = (
      await db().collection('enrollments').doc(`${learner.uid}_${tree.pathwayId}`).get()
    ).data() as any;
    const completed = Object.values(doc.resources).filter((s: any) => s.status === 'completed');
    expect(completed).toHaveLength(20);
    expect(doc.modules[tree.modules[0]?.id as string]).toMatchObject({
      done: 10,
      target: 10,
      completed: true,
      module_progress: 100,
    });
    expect(doc.modules[tree.modules[1]?.id as string]).toMatchObject({
      done: 10,
      target: 15,
      completed: false,
      module_progress: 66.7,
    });
    expect(doc.pathway).toMatchObject({
      required_done: 20,
      required_total: 25,
      pathway_progress: 80,
      completed_modules: 1,
    });
    expect(doc.revision).toBe(20);
  });
});

describe('N of M and optional resources', () => {
  it('completes a module with N of its M resources and ignores optional ones', async () => {
    const learner = await createUser('learner');
    const tree = await buildPathway(
      instructor.token,
      [
        {
          required_count: 2,
          resources: [{ type: 'article' }, { type: 'article' }, { type: 'article' }],
        },
        { resources: [{ type: 'video' }, { type: 'article', required: false }] },
      ],
      { publish: true },
    );
    const [m1, m2] = tree.modules as [
      { id: string; resources: string[] },
      { id: string; resources: string[] },
    ];
    const first = await api(learner.token).post(`${r(m1.resources[2] as string)}/complete`);
    expect(first.body).toMatchObject({
      module_progress: 50,
      module_completed: false,
      pathway_progress: 33.3,
    });
    const second = await api(learner.token).post(`${r(m1.resources[0] as string)}/complete`);
    expect(second.body).toMatchObject({
      module_progress: 100,
      module_completed: true,
      pathway_progress: 66.7,
    });
    const optional = await api(learner.token).post(`${r(m2.resources[1] as string)}/complete`);
    expect(optional.body).toMatchObject({ module_progress: 0, pathway_progress: 66.7 });
    const last = await api(learner.token).post(`${r(m2.resources[0] as string)}/complete`);
    expect(last.body).toMatchObject({
      module_progress: 100,
      pathway_progress: 100,
      pathway_completed: true,
    });
    const mod = await api(learner.token).get(
      `/api/v1/users/me/enrollments/${tree.pathwayId}/modules/${m1.id}`,
    );
    expect(mod.body).toMatchObject({
      module_id: m1.id,
      required_count: 2,
      done: 2,
      target: 2,
      completed: true,
      module_progress: 100,
    });
  });
});
