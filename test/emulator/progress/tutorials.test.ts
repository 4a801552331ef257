import { api, call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { db } from '../../helpers/services';

let instructor: TestUser;
let tree: Tree;

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await buildPathway(
    instructor.token,
    [
      { resources: [{ type: 'video' }, { type: 'video' }, { type: 'quiz' }] },
      {
        resources: [
          { type: 'video' },
          {
            type: 'quiz',
            quiz: { questions: [{ prompt: 'p', options: ['a', 'b'], correct: [0] }] },
          },
        ],
      },
    ],
    { publish: true },
  );
});

const base = () => `/api/v1/tutorials/progress/${tree.pathwayId}`;

describe('seed 001 tutorial progress (camelCase compatibility surface)', () => {
  it('tracks chapters and client-scored quizzes and reports in seed 001’s shape', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    const [c1, c2, keyless] = tree.modules[0]?.resources as [string, string, string];

    const empty = await client.get(base());
    expect(empty.body).toMatchObject({
      tutorialId: tree.pathwayId,
      userId: learner.uid,
      completionPercentage: 0,
      chaptersCompleted: 0,
      totalChapters: 3,
    });

    const chapter = await client.post(`${base()}/chapter`, {
      userId: learner.uid,
      chapterId: c1,
      watchTime: 300,
      completed: true,
      lastPosition: 300,
      totalChapters: 3,
    });
    expect(chapter.status).toBe(200);
    await client.post(`${base()}/chapter`, { chapterId: c2, watchTime: 120, lastPosition: 95 });
    const quiz = await client.post(`${base()}/quiz`, {
      quizId: keyless,
      score: 8,
      maxScore: 10,
      passed: true,
    });
    expect(quiz.status).toBe(200);

    const progress = await client.get(`${base()}?userId=${learner.uid}`);
    expect(progress.body).toEqual({
      tutorialId: tree.pathwayId,
      userId: learner.uid,
      completionPercentage: 40,
      chaptersCompleted: 1,
      totalChapters: 3,
      chapterProgress: [
        { chapterId: c1, watchTime: 300, completed: true, lastPosition: 300 },
        { chapterId: c2, watchTime: 120, completed: false, lastPosition: 95 },
        {
          chapterId: tree.modules[1]?.resources[0],
          watchTime: 0,
          completed: false,
          lastPosition: 0,
        },
      ],
      quizScores: [
        {
          quizId: keyless,
          score: 8,
          maxScore: 10,
          passed: true,
          attempts: 1,
          completedAt: expect.any(String),
        },
      ],
      certificateEligible: false,
      certificateEarned: false,
      totalWatchTime: 420,
      lastWatchedAt: expect.any(String),
    });

    // The same model as seed 000: the chapter is a completed video resource there.
    const same = await client.get(`/api/v1/users/me/resources/${c1}/progress`);
    expect(same.body).toMatchObject({
      status: 'completed',
      watch_time_seconds: 300,
      last_position_seconds: 300,
    });
  });

  it('accepts a client score only for quizzes without an answer key', async () => {
    const learner = await createUser('learner');
    const keyed = tree.modules[1]?.resources[1] as string;
    const res = await api(learner.token).post(`${base()}/quiz`, {
      quizId: keyed,
      score: 1,
      maxScore: 1,
      passed: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe('score');
  });

  it('refuses chapters that are not videos of this tutorial, and bad numbers', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    const notVideo = await client.post(`${base()}/chapter`, {
      chapterId: tree.modules[0]?.resources[2],
      watchTime: 10,
    });
    expect(notVideo.status).toBe(409);
    expect(notVideo.body.error.details[0].path).toBe('chapterId');
    const elsewhere = await client.post(`${base()}/chapter`, {
      chapterId: 'foundations-image-gen-r1',
      watchTime: 10,
    });
    expect(elsewhere.status).toBe(404);
    const negative = await client.post(`${base()}/chapter`, {
      chapterId: tree.modules[0]?.resources[0],
      watchTime: -1,
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe('watchTime');
  });

  it('lets only the tutorial’s staff and admins act for an enrolled learner, audited (security finding 1)', async () => {
    const learner = await createUser('learner');
    await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
    const chapter = tree.modules[0]?.resources[0] as string;
    const write = (token: string, body: object) =>
      api(token).post(`${base()}/chapter`, { chapterId: chapter, watchTime: 60, ...body });

    // Another learner, and an instructor with no part in this tutorial: it does not exist.
    const other = await createUser('learner');
    const stranger = await createUser('instructor');
    for (const token of [other.token, stranger.token]) {
      expect((await api(token).get(`${base()}?userId=${learner.uid}`)).status).toBe(404);
      expect((await write(token, { userId: learner.uid, reason: 'fixing data' })).status).toBe(404);
      const reset = await call('DELETE', `${base()}?userId=${learner.uid}&reason=cleanup`, {
        token,
      });
      expect(reset.status).toBe(404);
    }

    // The tutorial's owner: must say why; the change is audited; no enrollment is invented.
    const unexplained = await write(instructor.token, { userId: learner.uid });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.error.details[0].path).toBe('reason');
    const byOwner = await write(instructor.token, {
      userId: learner.uid,
      completed: true,
      reason: 'learner watched it in class',
    });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ userId: learner.uid, chaptersCompleted: 1 });
    const audit = await db()
      .collection('auditLog')
      .where('owner_uid', '==', learner.uid)
      .where('action', '==', 'progress_changed_for_learner')
      .get();
    expect(audit.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({
        actor_uid: instructor.uid,
        pathway_id: tree.pathwayId,
        details: { what: `progress ${chapter}`, reason: 'learner watched it in class' },
      }),
    ]);
    const notEnrolled = await createUser('learner');
    const invented = await write(instructor.token, { userId: notEnrolled.uid, reason: 'test' });
    expect(invented.status).toBe(404);
    expect(
      (await db().collection('enrollments').doc(`${notEnrolled.uid}_${tree.pathwayId}`).get())
        .exists,
    ).toBe(false);
    const ghost = await write(instructor.token, { userId: 'no-such-user', reason: 'test' });
    expect(ghost.status).toBe(404);

    // A reviewer the owner lists is staff too.
    const reviewer = await createUser('instructor');
    const listed = await api(instructor.token).put(`/api/v1/pathways/${tree.pathwayId}/staff`, {
      staff: [{ uid: reviewer.uid, role: 'reviewer' }],
    });
    expect(listed.status).toBe(200);
    expect((await api(reviewer.token).get(`${base()}?userId=${learner.uid}`)).status).toBe(200);
    const own = await api(learner.token).get(base());
    expect(own.body.chaptersCompleted).toBe(1);
  });

  it('refuses time figures no client could honestly report (security finding 9)', async () => {
    const learner = await createUser('learner');
    const huge = await api(learner.token).post(`${base()}/chapter`, {
      chapterId: tree.modules[0]?.resources[0],
      watchTime: 9_999_999,
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.details[0].path).toBe('watchTime');
  });

  it('completes only a finished tutorial, and resets with what was cleared', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    const early = await client.post(`${base()}/complete`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/5 required item\(s\) left/);

    const [c1, c2, keyless] = tree.modules[0]?.resources as [string, string, string];
    const [c3, keyed] = tree.modules[1]?.resources as [string, string];
    for (const chapterId of [c1, c2, c3])
      await client.post(`${base()}/chapter`, { chapterId, watchTime: 60, completed: true });
    await client.post(`${base()}/quiz`, { quizId: keyless, score: 10, maxScore: 10 });
    await client.post(`/api/v1/users/me/resources/${keyed}/quiz-attempts`, {
      answers: { q1: [0] },
    });
    const done = await client.post(`${base()}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      completionPercentage: 100,
      certificateEligible: true,
      chaptersCompleted: 3,
    });

    const reset = await call('DELETE', base(), { token: learner.token });
    expect(reset.body).toEqual({
      tutorialId: tree.pathwayId,
      userId: learner.uid,
      reset: true,
      cleared: {
        chapters: 3,
        quizAttempts: 0,
        resources: 5,
        watchTimeSeconds: 180,
        certificateEligible: true,
      },
    });
    const after = await client.get(base());
    expect(after.body).toMatchObject({
      completionPercentage: 0,
      certificateEligible: false,
      totalWatchTime: 0,
    });
  });
});

describe('seed 001 clients as they are: /v1 paths, the tutorial’s own ids, migration', () => {
  let keyed: Tree;
  const v1 = () => `/v1/tutorials/progress/${keyed.pathwayId}`;

  beforeAll(async () => {
    keyed = await buildPathway(
      instructor.token,
      [
        {
          resources: [
            { type: 'video', key: 'chapter-1' },
            { type: 'video', key: 'chapter-2' },
            { type: 'quiz', key: 'quiz-1' },
            {
              type: 'quiz',
              key: 'quiz-2',
              quiz: { questions: [{ id: 'q1', prompt: 'p', options: ['a', 'b'], correct: [1] }] },
            },
          ],
        },
      ],
      { publish: true },
    );
  });

  it('answers at /v1 and names chapters and quizzes by the tutorial’s ids', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    const chapter = await client.post(`${v1()}/chapter`, {
      chapterId: 'chapter-1',
      watchTime: 120,
      lastPosition: 120,
      completed: true,
      totalChapters: 2,
    });
    expect(chapter.status).toBe(200);
    expect(chapter.body.warnings).toBeUndefined();
    expect(chapter.body.chapterProgress.map((c: { chapterId: string }) => c.chapterId)).toEqual([
      'chapter-1',
      'chapter-2',
    ]);
    const quiz = await client.post(`${v1()}/quiz`, { quizId: 'quiz-1', score: 8, maxScore: 10 });
    expect(quiz.body.quizScores).toEqual([
      expect.objectContaining({ quizId: 'quiz-1', score: 8, maxScore: 10, passed: true }),
    ]);
    expect((await client.get(v1())).body).toMatchObject({ chaptersCompleted: 1, totalChapters: 2 });
  });

  it('scores a keyed quiz from answers, and says how when only a score is sent', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    const scoreOnly = await client.post(`${v1()}/quiz`, {
      quizId: 'quiz-2',
      score: 1,
      maxScore: 1,
    });
    expect(scoreOnly.status).toBe(409);
    expect(scoreOnly.body.error.message).toMatch(/send answers/);
    const answered = await client.post(`${v1()}/quiz`, { quizId: 'quiz-2', answers: { q1: [1] } });
    expect(answered.status).toBe(200);
    expect(answered.body.quizScores).toEqual([
      expect.objectContaining({ quizId: 'quiz-2', score: 1, maxScore: 1, passed: true }),
    ]);
  });

  it('reports a totalChapters that disagrees with the tutorial instead of ignoring it', async () => {
    const learner = await createUser('learner');
    const res = await api(learner.token).post(`${v1()}/chapter`, {
      chapterId: 'chapter-2',
      watchTime: 10,
      totalChapters: 8,
    });
    expect(res.body.totalChapters).toBe(2);
    expect(res.body.warnings).toEqual([
      {
        field: 'totalChapters',
        message: expect.stringMatching(/has 2 chapters; the request said 8/),
      },
    ]);
  });

  it('imports localStorage progress: original times, merged upwards, once, with reasons', async () => {
    const learner = await createUser('learner');
    const client = api(learner.token);
    await client.post(`${v1()}/chapter`, {
      chapterId: 'chapter-2',
      watchTime: 500,
      lastPosition: 500,
    });
    const batch = {
      tutorials: [
        { tutorialId: 'no-such-tutorial', chapterProgress: [] },
        {
          tutorialId: keyed.pathwayId,
          completionPercentage: 50,
          lastWatchedAt: '2026-01-19T12:30:00Z',
          chapterProgress: [
            {
              chapterId: 'chapter-1',
              watchTime: 300,
              completed: true,
              lastPosition: 300,
              updatedAt: '2026-01-19T12:00:00Z',
            },
            { chapterId: 'chapter-2', watchTime: 60, completed: false, lastPosition: 60 },
            { chapterId: 'chapter-9', watchTime: 1, completed: false, lastPosition: 1 },
          ],
          quizScores: [
            {
              quizId: 'quiz-1',
              score: 8,
              maxScore: 10,
              passed: true,
              attempts: 1,
              completedAt: '2026-01-19T12:10:00Z',
            },
            {
              quizId: 'quiz-2',
              score: 1,
              maxScore: 1,
              passed: true,
              attempts: 1,
              completedAt: '2026-01-19T12:20:00Z',
            },
          ],
        },
      ],
    };
    const first = await client.post('/v1/tutorials/progress/import', batch);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({
      result: 'refused',
      reason: 'No tutorial no-such-tutorial',
    });
    expect(first.body.results[1]).toMatchObject({
      result: 'merged',
      // chapter-2 changes too: the browser saw it first, so it was started earlier.
      chapters: { changed: 2, unchanged: 0, refused: [{ chapterId: 'chapter-9' }] },
      quizzes: { imported: 1, already_imported: 0, refused: [{ quizId: 'quiz-2' }] },
    });
    const after = await client.get(v1());
    expect(after.body.chapterProgress).toEqual([
      { chapterId: 'chapter-1', watchTime: 300, completed: true, lastPosition: 300 },
      // The server had more: an import never lowers progress.
      { chapterId: 'chapter-2', watchTime: 500, completed: false, lastPosition: 500 },
    ]);
    expect(after.body.quizScores).toEqual([
      expect.objectContaining({
        quizId: 'quiz-1',
        score: 8,
        attempts: 1,
        completedAt: '2026-01-19T12:10:00.000Z',
      }),
    ]);
    const stored = await db()
      .collection('enrollments')
      .doc(`${learner.uid}_${keyed.pathwayId}`)
      .get();
    const chapter1 = keyed.modules[0]?.resources[0] as string;
    expect(stored.data()?.resources[chapter1].completed_at.toDate().toISOString()).toBe(
      '2026-01-19T12:00:00.000Z',
    );

    const again = await client.post('/api/v1/tutorials/progress/import', batch);
    expect(again.body.results[1]).toMatchObject({
      result: 'unchanged',
      quizzes: { imported: 0, already_imported: 1 },
    });
    const attempts = await stored.ref.collection('quizAttempts').get();
    expect(attempts.size).toBe(1);
  });
});
