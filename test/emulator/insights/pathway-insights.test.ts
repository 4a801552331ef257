import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { playInsightsScenario, type InsightsScenario } from '../../helpers/insights-scenario';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/** Instructor insights through the API, every figure checked against what the scenario did. */

let sc: InsightsScenario;
let admin: TestUser;
let coInstructor: TestUser;
let reviewer: TestUser;
let otherInstructor: TestUser;
let path: string;

const HOUR_MS = 3_600_000;

beforeAll(async () => {
  [admin, coInstructor, reviewer, otherInstructor] = await Promise.all([
    createUser('admin'),
    createUser('instructor', 'co'),
    createUser('instructor', 'reviewer'),
    createUser('instructor', 'other'),
  ]);
  sc = await playInsightsScenario();
  const staffed = await api(sc.owner.token).put(`/api/v1/pathways/${sc.tree.pathwayId}/staff`, {
    staff: [
      { uid: coInstructor.uid, role: 'co_instructor' },
      { uid: reviewer.uid, role: 'reviewer' },
    ],
  });
  expect(staffed.status).toBe(200);
  path = `/api/v1/instructor/pathways/${sc.tree.pathwayId}/insights`;
}, 180_000);

/** The insights once the learner model has folded cy's three failed attempts. */
const settledInsights = (token: string) =>
  waitFor(
    () => api(token).get(`${path}?window_days=7`),
    (r) => r.status === 200 && r.body.at_risk.learners.length > 0,
    60_000,
  );

describe('pathway insights', () => {
  it('counts enrolments and the completion funnel module by module', async () => {
    const { body } = await settledInsights(sc.owner.token);
    expect(body).toMatchObject({
      pathway_id: sc.tree.pathwayId,
      title: `Pathway ${sc.tree.pathwayId}`,
      window_days: 7,
      enrollments: { total: 4, started: 3, completed: 2, completion_rate: 0.5 },
    });
    const [m1, m2] = sc.tree.modules.map((m) => m.id);
    expect(
      body.funnel.map((s: any) => [s.step, s.module_id, s.learners, s.rate, s.drop_off]),
    ).toEqual([
      ['enrolled', null, 4, 1, null],
      ['started', null, 3, 0.75, 0.25],
      ['module', m1, 2, 0.5, 0.3333],
      ['module', m2, 2, 0.5, 0],
      ['completed', null, 2, 0.5, 0],
    ]);
  });

  it('rates completion by resource type and gives the median minutes of finished work', async () => {
    const { body } = await settledInsights(sc.owner.token);
    expect(body.completion_by_resource_type).toEqual([
      // ada, ben
      { type: 'article', resources: 1, completions: 2, possible: 4, rate: 0.5 },
      // ada approved, ben submitted; cy's was rejected
      { type: 'exercise', resources: 1, completions: 2, possible: 4, rate: 0.5 },
      // ada, ben passed; cy failed three times
      { type: 'quiz', resources: 1, completions: 2, possible: 4, rate: 0.5 },
      { type: 'video', resources: 1, completions: 3, possible: 4, rate: 0.75 },
    ]);
    const time = Object.fromEntries(
      body.time_per_resource.resources.map((r: any) => [r.resource_id, r]),
    );
    expect(body.time_per_resource).toMatchObject({ enrollments_read: 4, complete: true });
    expect(time[sc.video]).toMatchObject({ learners: 3, median_minutes: 18, expected_minutes: 20 });
    expect(time[sc.article]).toMatchObject({ learners: 2, median_minutes: 5 });
    expect(time[sc.quiz]).toMatchObject({ learners: 2 });
  });

  it('names the at-risk learner with the learner model’s reason', async () => {
    const { body } = await settledInsights(sc.owner.token);
    expect(body.at_risk).toEqual({
      more: false,
      learners: [
        {
          user_id: sc.learners.cy.uid,
          reasons: [
            {
              code: 'repeated_failures',
              resource_id: sc.quiz,
              resource_title: 'Resource 2.1',
              sentence: '3 failed attempts at Resource 2.1',
            },
          ],
        },
      ],
    });
  });

  it('gives each quiz item the share of correct answers over every attempt', async () => {
    const { body } = await settledInsights(sc.owner.token);
    expect(body.quiz_items).toEqual([
      {
        resource_id: sc.quiz,
        title: 'Resource 2.1',
        items: [
          // right: ada, ben; wrong: cy ×3
          {
            question_id: 'q1',
            prompt: 'Which is first?',
            answers: 5,
            correct: 2,
            share_correct: 0.4,
            band: 'medium',
          },
          // right: ada; wrong: ben, cy ×3
          {
            question_id: 'q2',
            prompt: 'Which is second?',
            answers: 5,
            correct: 1,
            share_correct: 0.2,
            band: 'hard',
          },
        ],
      },
    ]);
  });

  it('reports the review queue, approval rate and time to review from the decisions made', async () => {
    const { body } = await settledInsights(sc.owner.token);
    const hours = await Promise.all(
      [sc.reviewed.approved, sc.reviewed.rejected].map(async (id) => {
        const s = (await db().collection('submissions').doc(id).get()).data() as any;
        return (s.review.reviewed_at.toMillis() - s.uploaded_at.toMillis()) / HOUR_MS;
      }),
    );
    const [low, high] = hours.sort((a, b) => a - b) as [number, number];
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(body.reviews).toMatchObject({
      pending: 1,
      reviewed: 2,
      approved: 1,
      rejected: 1,
      approval_rate: 0.5,
      time_to_review_hours: {
        p50: round((low + high) / 2),
        p90: round(low + (high - low) * 0.9),
        reviews: 2,
        complete: true,
      },
    });
    expect(body.reviews.oldest_pending_hours).toBeGreaterThanOrEqual(0);
    const alone = await api(sc.owner.token).get(`${path}/reviews?window_days=7`);
    expect(alone.status).toBe(200);
    expect(alone.body.reviews).toMatchObject({ pending: 1, approved: 1, rejected: 1 });
  });

  it('reports files per day, bytes and the upload success rate', async () => {
    const { body } = await settledInsights(sc.owner.token);
    const today = new Date().toISOString().slice(0, 10);
    // Arrived: ada's, ben's and cy's first; failed: cy's refused PDF and every expired upload.
    const failed = 1 + sc.expiredUploads;
    expect(sc.expiredUploads).toBeGreaterThanOrEqual(1);
    expect(body.uploads).toEqual({
      files: 3,
      files_per_day: expect.any(Array),
      average_files_per_day: 0.43,
      total_bytes: 6000,
      average_bytes: 2000,
      opened: 3 + failed,
      succeeded: 3,
      failed,
      in_flight: 0,
      success_rate: Math.round((3 / (3 + failed)) * 10_000) / 10_000,
    });
    expect(body.uploads.files_per_day).toHaveLength(7);
    expect(body.uploads.files_per_day.at(-1)).toEqual({ date: today, files: 3 });
    expect(body.uploads.files_per_day.slice(0, -1).every((d: any) => d.files === 0)).toBe(true);
    expect(body.since).toBe(`${body.uploads.files_per_day[0].date}T00:00:00.000Z`);
    const alone = await api(sc.owner.token).get(`${path}/uploads?window_days=7`);
    expect(alone.body.uploads).toEqual(body.uploads);
  });
});

describe('who sees a pathway’s insights', () => {
  it('lets the owner, co-instructors and admins read them, for every endpoint', async () => {
    for (const who of [coInstructor, admin])
      for (const suffix of ['', '/reviews', '/uploads'])
        expect((await api(who.token).get(`${path}${suffix}`)).status).toBe(200);
  });

  it('answers 404 to reviewers and other instructors, and to anyone for an unknown pathway', async () => {
    for (const who of [reviewer, otherInstructor])
      for (const suffix of ['', '/reviews', '/uploads']) {
        const r = await api(who.token).get(`${path}${suffix}`);
        expect(r.status).toBe(404);
        expect(r.body.error.code).toBe('not_found');
      }
    const unknown = await api(admin.token).get(
      '/api/v1/instructor/pathways/no-such-pathway/insights',
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses learners (403) and anonymous callers (401)', async () => {
    const learner = await api(sc.learners.ada.token).get(path);
    expect(learner.status).toBe(403);
    expect((await api().get(path)).status).toBe(401);
  });

  it('lists the pathways whose insights each instructor reads', async () => {
    const listed = async (who: TestUser) =>
      (await api(who.token).get('/api/v1/instructor/pathways?limit=100')).body.pathways.filter(
        (p: { id: string }) => p.id === sc.tree.pathwayId,
      );
    expect(await listed(sc.owner)).toEqual([
      {
        id: sc.tree.pathwayId,
        title: `Pathway ${sc.tree.pathwayId}`,
        status: 'published',
        role: 'owner',
      },
    ]);
    expect((await listed(coInstructor))[0]?.role).toBe('co_instructor');
    expect(await listed(reviewer)).toEqual([]);
    expect(await listed(otherInstructor)).toEqual([]);
    const first = await api(admin.token).get('/api/v1/instructor/pathways?limit=1');
    expect(first.body.pathways).toHaveLength(1);
    expect(first.body.pathways[0].role).toBe('admin');
    expect(first.body.next_page_token).toEqual(expect.any(String));
  });

  it('is in the served OpenAPI document', async () => {
    const doc = await api().get('/api/v1/openapi.json');
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/v1/instructor/pathways',
      '/api/v1/instructor/pathways/{pathway_id}/insights',
      '/api/v1/instructor/pathways/{pathway_id}/insights/reviews',
      '/api/v1/instructor/pathways/{pathway_id}/insights/uploads',
    ])
      expect(paths).toContain(p);
  });

  it('validates the window with the field named', async () => {
    for (const query of ['window_days=0', 'window_days=91', 'window_days=two']) {
      const r = await api(sc.owner.token).get(`${path}?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_argument');
      expect(r.body.error.details[0].path).toMatch(/window_days$/);
    }
    // An unknown parameter is named in the message of the query's detail.
    const unknown = await api(sc.owner.token).get(`${path}?window=7`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('query');
    expect(unknown.body.error.details[0].message).toMatch(/window/);
  });
});
