import { db } from '../../helpers/services';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';

let instructor: TestUser;

beforeAll(async () => {
  instructor = await createUser('instructor');
});

const questions = [
  { id: 'q1', prompt: 'Pick b', options: ['a', 'b', 'c'], correct: [1] },
  { id: 'q2', prompt: 'Pick a and c', options: ['a', 'b', 'c'], correct: [0, 2] },
  { id: 'q3', prompt: 'Pick c', options: ['a', 'b', 'c'], correct: [2] },
  { id: 'q4', prompt: 'Pick a', options: ['a', 'b'], correct: [0] },
];
const allRight = { q1: [1], q2: [2, 0], q3: [2], q4: [0] };
const halfRight = { q1: [1], q2: [0], q3: [2], q4: [1] };

async function quizPathway(
  quiz: object,
): Promise<{ pathwayId: string; quizId: string; other: string }> {
  const tree = await buildPathway(
    instructor.token,
    [{ resources: [{ type: 'quiz', quiz }, { type: 'article' }] }],
    { publish: true },
  );
  return {
    pathwayId: tree.pathwayId,
    quizId: tree.modules[0]?.resources[0] as string,
    other: tree.modules[0]?.resources[1] as string,
  };
}

const attempt = (token: string, quizId: string, body: object) =>
  api(token).post(`/api/v1/users/me/resources/${quizId}/quiz-attempts`, body);

describe('quiz attempts scored by the server', () => {
  it('scores against the stored key, completes on a pass and records every attempt', async () => {
    const learner = await createUser('learner');
    const { pathwayId, quizId } = await quizPathway({
      passing_score: 75,
      questions,
      max_attempts: 3,
    });

    const before = await api(learner.token).get(`/api/v1/resources/${quizId}`);
    expect(JSON.stringify(before.body)).not.toContain('correct');

    const first = await attempt(learner.token, quizId, { answers: halfRight });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      attempt_number: 1,
      score: 2,
      max_score: 4,
      percentage: 50,
      passed: false,
      status: 'in_progress',
      quiz: {
        attempts: 1,
        attempts_remaining: 2,
        passed: false,
        counted_percentage: 50,
        passing_score: 75,
        policy: 'highest',
      },
      module_progress: 0,
    });
    // Which questions were wrong, but not the right options while attempts remain.
    expect(first.body.results).toEqual([
      { question_id: 'q1', correct: true },
      { question_id: 'q2', correct: false },
      { question_id: 'q3', correct: true },
      { question_id: 'q4', correct: false },
    ]);

    const second = await attempt(learner.token, quizId, { answers: allRight });
    expect(second.body).toMatchObject({
      attempt_number: 2,
      percentage: 100,
      passed: true,
      status: 'completed',
      module_progress: 50,
    });
    expect(second.body.results[1]).toEqual({
      question_id: 'q2',
      correct: true,
      correct_options: [0, 2],
    });

    const stored = await db()
      .collection('enrollments')
      .doc(`${learner.uid}_${pathwayId}`)
      .collection('quizAttempts')
      .orderBy('attempt_number')
      .get();
    expect(stored.docs.map((d) => [d.id, d.data().percentage, d.data().passed])).toEqual([
      [`${quizId}-1`, 50, false],
      [`${quizId}-2`, 100, true],
    ]);

    const progress = await api(learner.token).get(`/api/v1/users/me/resources/${quizId}/progress`);
    expect(progress.body).toMatchObject({
      status: 'completed',
      quiz: { attempts: 2, best_percentage: 100, passed: true },
    });
  });

  it('enforces the attempt limit and reveals answers once none are left', async () => {
    const learner = await createUser('learner');
    const { quizId } = await quizPathway({ questions, max_attempts: 2 });
    await attempt(learner.token, quizId, { answers: {} });
    const last = await attempt(learner.token, quizId, { answers: halfRight });
    expect(last.body.quiz.attempts_remaining).toBe(0);
    expect(last.body.results[0].correct_options).toEqual([1]);
    const third = await attempt(learner.token, quizId, { answers: allRight });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toMatch(/No attempts left/);
  });

  it.each([
    ['latest', [100, 25], false, 'in_progress'],
    ['first', [25, 100], false, 'in_progress'],
    ['highest', [100, 25], true, 'completed'],
  ] as const)('applies the %s policy', async (policy, percentages, passed, status) => {
    const learner = await createUser('learner');
    const { quizId } = await quizPathway({ questions, policy });
    const answersFor = (p: number) => (p === 100 ? allRight : { q1: [1] });
    await attempt(learner.token, quizId, { answers: answersFor(percentages[0]) });
    const res = await attempt(learner.token, quizId, { answers: answersFor(percentages[1]) });
    expect(res.body.quiz.passed).toBe(passed);
    expect(res.body.status).toBe(status);
  });

  it('rejects answers that do not fit and scores of its own for keyed quizzes', async () => {
    const learner = await createUser('learner');
    const { quizId, other } = await quizPathway({ questions });
    const bad = await attempt(learner.token, quizId, { answers: { q1: [7], nope: [0] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'answers.q1.0',
      'answers.nope',
    ]);
    const reported = await attempt(learner.token, quizId, { score: 10, max_score: 10 });
    expect(reported.status).toBe(409);
    expect(reported.body.error.details[0].path).toBe('score');
    const both = await attempt(learner.token, quizId, {
      answers: allRight,
      score: 1,
      max_score: 1,
    });
    expect(both.status).toBe(400);
    const notQuiz = await attempt(learner.token, other, { answers: {} });
    expect(notQuiz.status).toBe(409);
  });
});

describe('quizzes without an answer key', () => {
  it('accept a client-reported score and refuse answers', async () => {
    const learner = await createUser('learner');
    const { quizId } = await quizPathway({ passing_score: 80 });
    const low = await attempt(learner.token, quizId, { score: 7, max_score: 10 });
    expect(low.body).toMatchObject({ percentage: 70, passed: false, status: 'in_progress' });
    const high = await attempt(learner.token, quizId, { score: 9, max_score: 10 });
    expect(high.body).toMatchObject({ percentage: 90, passed: true, status: 'completed' });
    const answers = await attempt(learner.token, quizId, { answers: { q1: [0] } });
    expect(answers.status).toBe(409);
    const over = await attempt(learner.token, quizId, { score: 11, max_score: 10 });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].path).toBe('score');
  });
});
