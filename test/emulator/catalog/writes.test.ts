import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, uniqueId } from '../../helpers/catalog';
import { expectOutlineConsistent } from '../../helpers/firestore';
import { collect, type Collector } from '../../helpers/pubsub';
import { db } from '../../helpers/services';

let instructor: TestUser;
let otherInstructor: TestUser;
let admin: TestUser;
let learner: TestUser;
let outlineEvents: Collector<any>;

beforeAll(async () => {
  [instructor, otherInstructor, admin, learner] = await Promise.all([
    createUser('instructor'),
    createUser('instructor', 'other-instructor'),
    createUser('admin'),
    createUser('learner'),
  ]);
  outlineEvents = await collect('outline-changed');
});

afterAll(async () => {
  await outlineEvents.close();
});

async function version(pathwayId: string): Promise<number> {
  return (await expectOutlineConsistent(pathwayId)).outline_version;
}

async function expectEvent(
  pathwayId: string,
  outlineVersion: number,
  change: string,
): Promise<void> {
  const event = await outlineEvents.waitFor(
    (e) => e.pathway_id === pathwayId && e.outline_version === outlineVersion,
  );
  expect(event).toMatchObject({
    type: 'outline_changed',
    event_id: `outline-changed:${pathwayId}:${outlineVersion}`,
    change,
  });
}

describe('pathways', () => {
  it('lets an instructor create a draft they own, and refuses learners', async () => {
    const id = uniqueId('pw');
    const created = await api(instructor.token).post('/api/v1/pathways', {
      id,
      title: '  Vision basics ',
      difficulty: 'beginner',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      title: 'Vision basics',
      status: 'draft',
      owner_uid: instructor.uid,
      module_count: 0,
      outline_version: 1,
      modules: [],
    });
    const denied = await api(learner.token).post('/api/v1/pathways', { title: 'Nope' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('permission_denied');
    const again = await api(instructor.token).post('/api/v1/pathways', { id, title: 'Twice' });
    expect(again.status).toBe(409);
  });

  it('rejects bad input with the failing field path', async () => {
    const bad = await api(instructor.token).post('/api/v1/pathways', {
      id: 'Bad Id!',
      title: '',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'title']));
    expect(bad.body.error.details.some((d: { message: string }) => /extra/.test(d.message))).toBe(
      true,
    );
    const noBody = await api(instructor.token).post('/api/v1/pathways');
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.details).toEqual([{ path: 'body', message: 'Required' }]);
  });

  it('shows drafts to their owner and admins only; another instructor gets 404, then 403 once published', async () => {
    const tree = await buildPathway(instructor.token, [{ resources: [{ type: 'video' }] }]);
    const path = `/api/v1/pathways/${tree.pathwayId}`;
    expect((await api(instructor.token).get(path)).status).toBe(200);
    expect((await api(admin.token).get(path)).status).toBe(200);
    expect((await api(learner.token).get(path)).status).toBe(404);
    expect((await api(otherInstructor.token).get(path)).status).toBe(404);
    expect((await api(otherInstructor.token).patch(path, { title: 'Mine now' })).status).toBe(404);

    const learnerList = await api(learner.token).get('/api/v1/pathways?limit=100');
    expect(learnerList.body.pathways.map((p: { id: string }) => p.id)).not.toContain(
      tree.pathwayId,
    );
    const ownerDrafts = await api(instructor.token).get('/api/v1/pathways?status=draft&limit=100');
    expect(ownerDrafts.body.pathways.map((p: { id: string }) => p.id)).toContain(tree.pathwayId);

    const published = await api(instructor.token).post(`${path}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.published_at).not.toBeNull();
    expect((await api(learner.token).get(path)).status).toBe(200);
    const foreign = await api(otherInstructor.token).patch(path, { title: 'Mine now' });
    expect(foreign.status).toBe(403);
    const adminEdit = await api(admin.token).patch(path, { title: 'Renamed by admin' });
    expect(adminEdit.status).toBe(200);
    expect(adminEdit.body.title).toBe('Renamed by admin');
  });

  it('refuses to publish an empty pathway, and archives out of learners’ sight', async () => {
    const id = uniqueId('pw');
    await api(instructor.token).post('/api/v1/pathways', { id, title: 'Empty' });
    const empty = await api(instructor.token).post(`/api/v1/pathways/${id}/publish`);
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('failed_precondition');

    const tree = await buildPathway(instructor.token, [{ resources: [{ type: 'article' }] }], {
      publish: true,
    });
    const archived = await api(instructor.token).post(`/api/v1/pathways/${tree.pathwayId}/archive`);
    expect(archived.body).toMatchObject({ status: 'archived' });
    expect(
      (await api(learner.token).get(`/api/v1/pathways/${tree.pathwayId}/resources`)).status,
    ).toBe(404);
  });

  it('pages through the list with a cursor', async () => {
    const ids = new Set<string>();
    let token: string | null = null;
    let pages = 0;
    do {
      const query: string = token ? `&page_token=${encodeURIComponent(token)}` : '';
      const page = await api(admin.token).get(`/api/v1/pathways?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.pathways.length).toBeLessThanOrEqual(2);
      for (const p of page.body.pathways) {
        expect(ids.has(p.id)).toBe(false);
        ids.add(p.id);
      }
      token = page.body.next_page_token;
      pages += 1;
    } while (token && pages < 200);
    const total = (await db().collection('pathways').count().get()).data().count;
    expect(ids.size).toBe(total);
    const bad = await api(admin.token).get('/api/v1/pathways?page_token=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.page_token');
    const tooMany = await api(admin.token).get('/api/v1/pathways?limit=101');
    expect(tooMany.body.error.details[0].path).toBe('query.limit');
  });

  it('deletes a pathway with its modules, resources and answer keys', async () => {
    const tree = await buildPathway(instructor.token, [
      {
        resources: [
          { type: 'video' },
          {
            type: 'quiz',
            quiz: { questions: [{ prompt: 'p', options: ['a', 'b'], correct: [0] }] },
          },
        ],
      },
      { resources: [{ type: 'article' }] },
    ]);
    const quizId = tree.modules[0]?.resources[1] as string;
    expect((await db().collection('quizKeys').doc(quizId).get()).exists).toBe(true);
    expect(
      (await api(otherInstructor.token).delete(`/api/v1/pathways/${tree.pathwayId}`)).status,
    ).toBe(404);
    const deleted = await api(instructor.token).delete(`/api/v1/pathways/${tree.pathwayId}`);
    expect(deleted.body).toEqual({
      pathway_id: tree.pathwayId,
      deleted: true,
      deleted_modules: 2,
      deleted_resources: 3,
      archived_enrollments: 0,
      archived_submissions: 0,
    });
    const left = await Promise.all([
      db().collection('modules').where('pathway_id', '==', tree.pathwayId).get(),
      db().collection('resources').where('pathway_id', '==', tree.pathwayId).get(),
      db().collection('quizKeys').doc(quizId).get(),
    ]);
    expect([left[0].size, left[1].size, left[2].exists]).toEqual([0, 0, false]);
    expect((await api(instructor.token).get(`/api/v1/pathways/${tree.pathwayId}`)).status).toBe(
      404,
    );
  });
});

describe('outline consistency', () => {
  it('keeps the outline right, bumps outline_version and publishes outline-changed after every kind of mutation', async () => {
    const client = api(instructor.token);
    const tree = await buildPathway(instructor.token, [
      { resources: [{ type: 'video' }, { type: 'article' }] },
    ]);
    const pid = tree.pathwayId;
    const m1 = tree.modules[0]?.id as string;
    let v = await version(pid);
    // create pathway (1) + module (2) + two resources (3, 4)
    expect(v).toBe(4);
    await expectEvent(pid, 4, 'resource_added');

    const m2 = `${pid}-m2`;
    expect(
      (
        await client.post(`/api/v1/pathways/${pid}/modules`, {
          id: m2,
          title: 'Second',
          position: 1,
        })
      ).status,
    ).toBe(201);
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'module_added');
    let outline = (await expectOutlineConsistent(pid)).outline;
    expect(outline.modules.map((m: { module_id: string }) => m.module_id)).toEqual([m2, m1]);

    const reordered = await client.put(`/api/v1/pathways/${pid}/modules/order`, {
      module_ids: [m1, m2],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.modules.map((m: { module_id: string }) => m.module_id)).toEqual([m1, m2]);
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'modules_reordered');

    const badOrder = await client.put(`/api/v1/pathways/${pid}/modules/order`, {
      module_ids: [m1],
    });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.error.details[0]).toEqual({
      path: 'module_ids',
      message: `Missing: ${m2}`,
    });
    expect(await version(pid)).toBe(v);

    const r3 = `${m2}-quiz`;
    const created = await client.post(`/api/v1/modules/${m2}/resources`, {
      id: r3,
      type: 'quiz',
      title: 'Check',
      quiz: {
        passing_score: 80,
        questions: [{ id: 'q1', prompt: 'Two plus two?', options: ['3', '4'], correct: [1] }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.questions).toEqual([
      { id: 'q1', prompt: 'Two plus two?', options: ['3', '4'], correct: [1] },
    ]);
    expect(await version(pid)).toBe(++v);

    const [ra, rb] = tree.modules[0]?.resources as [string, string];
    const reorderedResources = await client.put(`/api/v1/modules/${m1}/resources/order`, {
      resource_ids: [rb, ra],
    });
    expect(
      reorderedResources.body.resources.map((r: { id: string; order_index: number }) => [
        r.id,
        r.order_index,
      ]),
    ).toEqual([
      [rb, 1],
      [ra, 2],
    ]);
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'resources_reordered');

    const moved = await client.patch(`/api/v1/resources/${ra}`, {
      module_id: m2,
      position: 1,
      title: 'Moved',
      required: false,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      module_id: m2,
      order_index: 1,
      title: 'Moved',
      required: false,
    });
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'resource_moved');
    outline = (await expectOutlineConsistent(pid)).outline;
    expect(outline.modules[1].resources.map((r: { resource_id: string }) => r.resource_id)).toEqual(
      [ra, r3],
    );

    const updatedModule = await client.patch(`/api/v1/modules/${m2}`, {
      title: 'Renamed',
      required_count: 1,
    });
    expect(updatedModule.body).toMatchObject({
      title: 'Renamed',
      required_count: 1,
      order_index: 2,
      resource_count: 2,
    });
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'module_updated');

    expect((await client.delete(`/api/v1/resources/${rb}`)).body).toEqual({
      resource_id: rb,
      deleted: true,
    });
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'resource_removed');

    const deletedModule = await client.delete(`/api/v1/modules/${m2}`);
    expect(deletedModule.body).toEqual({ module_id: m2, deleted: true, deleted_resources: 2 });
    expect(await version(pid)).toBe(++v);
    await expectEvent(pid, v, 'module_removed');
    expect((await db().collection('quizKeys').doc(r3).get()).exists).toBe(false);

    const unchangedByMetadata = await client.patch(`/api/v1/pathways/${pid}`, {
      description: 'Only words',
    });
    expect(unchangedByMetadata.body.outline_version).toBe(v);
  });

  it('keeps twenty concurrent resource creations in one consistent outline', async () => {
    const tree = await buildPathway(instructor.token, [{ resources: [] }]);
    const moduleId = tree.modules[0]?.id as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, {
          id: `${moduleId}-c${i}`,
          type: 'article',
          title: `C${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const { outline, outline_version } = await expectOutlineConsistent(tree.pathwayId);
    expect(outline.modules[0].resources).toHaveLength(20);
    expect(outline_version).toBe(2 + 20);
  });
});

describe('resources', () => {
  it('validates upload settings and resource shapes', async () => {
    const tree = await buildPathway(instructor.token, [{ resources: [] }]);
    const moduleId = tree.modules[0]?.id as string;
    const post = (body: object) =>
      api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, body);

    const tooBig = await post({
      type: 'exercise',
      title: 'X',
      requires_upload: true,
      accepted_file_types: ['image/png'],
      max_file_size_mb: 80,
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details[0].path).toBe('max_file_size_mb');

    const noTypes = await post({ type: 'project', title: 'X', requires_upload: true });
    expect(noTypes.body.error.details[0].path).toBe('accepted_file_types');

    const videoUpload = await post({
      type: 'video',
      title: 'X',
      requires_upload: true,
      accepted_file_types: ['video/mp4'],
    });
    expect(videoUpload.body.error.details[0].path).toBe('requires_upload');

    const negative = await post({ type: 'video', title: 'X', duration_minutes: -5 });
    expect(negative.body.error.details[0].path).toBe('duration_minutes');

    const badType = await post({ type: 'podcast', title: 'X' });
    expect(badType.body.error.details[0].path).toBe('type');

    const ok = await post({
      type: 'exercise',
      title: 'Upload me',
      requires_upload: true,
      accepted_file_types: ['application/pdf'],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      requires_upload: true,
      accepted_file_types: ['application/pdf'],
      max_file_size_mb: 25,
    });
  });

  it('never sends the answer key to learners, and gives it to the owner', async () => {
    const skill = await api(instructor.token).post('/api/v1/skills', {
      id: 'editor_round_trip',
      name: 'Round trips',
    });
    expect(skill.status).toBe(201);
    const quiz = {
      passing_score: 60,
      policy: 'latest',
      max_attempts: 3,
      reveal_answers: 'never',
      questions: [
        {
          id: 'q1',
          prompt: 'Pick b',
          options: ['a', 'b'],
          correct: [1],
          skills: ['editor_round_trip'],
          difficulty: 4.5,
        },
      ],
    };
    const tree = await buildPathway(instructor.token, [{ resources: [{ type: 'quiz', quiz }] }], {
      publish: true,
    });
    const quizId = tree.modules[0]?.resources[0] as string;

    const asLearner = await api(learner.token).get(`/api/v1/resources/${quizId}`);
    expect(asLearner.status).toBe(200);
    // Skills are the learner model's public tags; difficulty stays with editors.
    expect(asLearner.body.questions).toEqual([
      { id: 'q1', prompt: 'Pick b', options: ['a', 'b'], skills: ['editor_round_trip'] },
    ]);
    expect(asLearner.body.quiz).toEqual({
      passing_score: 60,
      policy: 'latest',
      max_attempts: 3,
      reveal_answers: 'never',
      question_count: 1,
      has_answer_key: true,
    });
    expect(JSON.stringify(asLearner.body)).not.toContain('correct');
    const listed = await api(learner.token).get(`/api/v1/pathways/${tree.pathwayId}/resources`);
    expect(JSON.stringify(listed.body)).not.toContain('correct');

    const asOwner = await api(instructor.token).get(`/api/v1/resources/${quizId}`);
    expect(asOwner.body.questions[0]).toEqual({ ...quiz.questions[0] });
    const asOther = await api(otherInstructor.token).get(`/api/v1/resources/${quizId}`);
    expect(asOther.body.questions[0].correct).toBeUndefined();
  });

  it('answers 413, not 500, to a quiz too large to store (security finding 6)', async () => {
    const tree = await buildPathway(instructor.token, [{ resources: [] }]);
    const moduleId = tree.modules[0]?.id as string;
    const quiz = {
      questions: Array.from({ length: 200 }, (_, i) => ({
        id: `q${i}`,
        prompt: 'p'.repeat(2000),
        options: Array.from({ length: 10 }, (_o, j) => `${'o'.repeat(490)}${j}`),
        correct: [0],
      })),
    };
    const res = await api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, {
      type: 'quiz',
      title: 'Enormous quiz',
      quiz,
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const listed = await api(instructor.token).get(`/api/v1/modules/${moduleId}/resources`);
    expect(listed.body.resources).toEqual([]);
  });

  it('answers 404 for unknown ids and 405 for a wrong method', async () => {
    expect((await api(learner.token).get('/api/v1/modules/no-such-module/resources')).status).toBe(
      404,
    );
    expect((await api(learner.token).get('/api/v1/resources/no-such-resource')).status).toBe(404);
    expect(
      (await api(instructor.token).patch('/api/v1/resources/no-such-resource', { title: 'x' }))
        .status,
    ).toBe(404);
    const wrong = await api(learner.token).put('/api/v1/pathways/image-generation/resources', {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
