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
    // The key stays with the server by default, pass or not.
    expect(second.body.results[1]).toEqual({ question_id: 'q2', correct: true });

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

  it('enforces the attempt limit and reveals answers once none are left, when the author says so', async () => {
    const learner = await createUser('learner');
    const { quizId } = await quizPathway({
      questions,
      max_attempts: 2,
      reveal_answers: 'after_final_attempt',
    });
    const first = await attempt(learner.token, quizId, { answers: {} });
    expect(first.body.results[0].correct_options).toBeUndefined();
    const last = await attempt(learner.token, quizId, { answers: halfRight });
    expect(last.body.quiz.attempts_remaining).toBe(0);
    expect(last.body.results[0].correct_options).toEqual([1]);
    const third = await attempt(learner.token, quizId, { answers: allRight });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toMatch(/No attempts left/);
  });

  it('reveals the key after a pass only when the author chose after_passing', async () => {
    const learner = await createUser('learner');
    const { quizId } = await quizPathway({ questions, reveal_answers: 'after_passing' });
    const failed = await attempt(learner.token, quizId, { answers: halfRight });
    expect(failed.body.results[1].correct_options).toBeUndefined();
    const passed = await attempt(learner.token, quizId, { answers: allRight });
    expect(passed.body.results[1].correct_options).toEqual([0, 2]);
  });

  it('never shows the key by default, even to a learner out of attempts (security finding 2)', async () => {
    const throwaway = await createUser('learner');
    const { quizId } = await quizPathway({ questions, max_attempts: 1 });
    const only = await attempt(throwaway.token, quizId, { answers: {} });
    expect(only.body.quiz.attempts_remaining).toBe(0);
    expect(JSON.stringify(only.body)).not.toContain('correct_options');
  });

  it('keeps attempts and their limit through a reset (security finding 2)', async () => {
    const learner = await createUser('learner');
    const { pathwayId, quizId } = await quizPathway({ questions, max_attempts: 2 });
    await attempt(learner.token, quizId, { answers: {} });
    await attempt(learner.token, quizId, { answers: halfRight });
    const reset = await api(learner.token).delete(
      `/api/v1/users/me/enrollments/${pathwayId}/progress`,
    );
    expect(reset.body).toMatchObject({ cleared: { quiz_attempts: 0 }, kept: { quiz_attempts: 2 } });
    const again = await attempt(learner.token, quizId, { answers: allRight });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/No attempts left/);
    const progress = await api(learner.token).get(`/api/v1/users/me/resources/${quizId}/progress`);
    expect(progress.body).toMatchObject({
      status: 'not_started',
      quiz: { attempts: 2, attempts_remaining: 0, passed: false },
    });
    const stored = await db()
      .collection('enrollments')
      .doc(`${learner.uid}_${pathwayId}`)
      .collection('quizAttempts')
      .get();
    expect(stored.size).toBe(2);
  });

  it('counts two identical attempts sent at once as one (security finding 2)', async () => {
    const learner = await createUser('learner');
    const { pathwayId, quizId } = await quizPathway({ questions, max_attempts: 3 });
    const both = await Promise.all([
      attempt(learner.token, quizId, { answers: halfRight }),
      attempt(learner.token, quizId, { answers: halfRight }),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both.map((r) => r.body.attempt_number)).toEqual([1, 1]);
    expect(both.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    const stored = await db()
      .collection('enrollments')
      .doc(`${learner.uid}_${pathwayId}`)
      .collection('quizAttempts')
      .get();
    expect(stored.size).toBe(1);
    const next = await attempt(learner.token, quizId, { answers: allRight });
    expect(next.body).toMatchObject({ attempt_number: 2, duplicate: false });
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
