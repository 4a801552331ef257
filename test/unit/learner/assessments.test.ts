import type { AppError } from '../../../shared/errors';
import {
  assessmentAttemptEvent,
  AssessmentSchema,
  attemptBeliefs,
  getSkillBreakdown,
  publicAssessment,
  scoreAttempt,
  selectNextQuestion,
} from '../../../shared/learner/assessments';
import { parseLearnerEvent } from '../../../shared/learner/events';

const question = (id: string, skills: string[], difficulty: number, correct = [1]) => ({
  id,
  prompt: `Prompt ${id}`,
  options: ['a', 'b', 'c', 'd'],
  correct,
  skills,
  difficulty,
});

const fixed = AssessmentSchema.parse({
  id: 'backend-diagnostic',
  title: 'Backend diagnostic',
  target_levels: { python: 5 },
  questions: [
    question('p1', ['python'], 3),
    question('p2', ['python'], 6),
    question('s1', ['sql'], 4, [0, 2]),
    question('ps', ['python', 'sql'], 7),
  ],
});

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('assessment schema', () => {
  it('defaults to a fixed form with no targets', () => {
    expect(fixed.mode).toBe('fixed');
    expect(AssessmentSchema.parse({ ...fixed, target_levels: undefined }).target_levels).toEqual(
      {},
    );
  });

  it('names each mistake’s field', () => {
    const keyed = AssessmentSchema.safeParse({
      ...fixed,
      target_levels: { rust: 5 },
      questions: [question('p1', ['python'], 3, [4]), question('p1', ['python'], 11)],
    });
    expect(keyed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'questions.0.correct.0: No option has this index',
      'questions.1.difficulty: Too big: expected number to be <=10',
      'questions.1.id: Question ids must be unique',
      'target_levels.rust: No question measures this skill',
    ]);
  });
});

describe('publicAssessment', () => {
  it('never carries the key or the difficulty', () => {
    const view = publicAssessment(fixed);
    expect(JSON.stringify(view)).not.toMatch(/correct|difficulty/);
    expect(view.skills).toEqual(['python', 'sql']);
    expect(view.questions[2]).toEqual({
      id: 's1',
      prompt: 'Prompt s1',
      options: ['a', 'b', 'c', 'd'],
      skills: ['sql'],
      multiple: true,
    });
  });

  it('lists no questions up front for an adaptive assessment', () => {
    const view = publicAssessment({ ...fixed, mode: 'adaptive', max_questions: 3 });
    expect(view.questions).toEqual([]);
    expect(view.question_count).toBe(3);
  });
});

describe('scoreAttempt', () => {
  it('scores exact matches only; unanswered questions are wrong', () => {
    const scored = scoreAttempt(fixed, { p1: [1], s1: [2, 0], ps: [1, 2] });
    expect(scored.responses.map((r) => [r.question_id, r.correct])).toEqual([
      ['p1', true],
      ['p2', false],
      ['s1', true],
      ['ps', false],
    ]);
    expect(scored).toMatchObject({ score: 2, max_score: 4, percentage: 50 });
    expect(scored.responses[2]).toMatchObject({ skills: ['sql'], difficulty: 4, guessing: 1 / 15 });
  });

  it('rejects answers that do not fit, with their paths', () => {
    const error = failure(() => scoreAttempt(fixed, { nope: [0], p1: [7], p2: [1, 1] }));
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toEqual([
      { path: 'answers.nope', message: 'No such question in this assessment' },
      { path: 'answers.p1.0', message: 'Option 7 does not exist' },
      { path: 'answers.p2', message: 'An option is chosen twice' },
    ]);
  });

  it('counts only the questions an adaptive attempt asked, in the order asked', () => {
    const adaptive = { ...fixed, mode: 'adaptive' as const };
    const scored = scoreAttempt(adaptive, { p2: [1], p1: [0] }, ['p2', 'p1']);
    expect(scored.responses.map((r) => [r.question_id, r.correct])).toEqual([
      ['p2', true],
      ['p1', false],
    ]);
    expect(failure(() => scoreAttempt(adaptive, { s1: [0] }, ['p1'])).details).toEqual([
      { path: 'answers.s1', message: 'This question was not asked in this attempt' },
    ]);
    expect(failure(() => scoreAttempt(adaptive, {}, [])).details).toEqual([
      { path: 'asked', message: 'No question was asked' },
    ]);
  });
});

describe('selectNextQuestion', () => {
  const bank = AssessmentSchema.parse({
    id: 'python-adaptive',
    title: 'Python',
    mode: 'adaptive',
    max_questions: 3,
    questions: [1, 3, 5, 5.5, 7, 9].map((d) => question(`d${d * 10}`, ['python'], d)),
  });

  it('starts in the middle, climbs after right answers and stops at max_questions', () => {
    const first = selectNextQuestion(bank, {}, []);
    expect(first?.difficulty).toBeGreaterThanOrEqual(5);
    expect(first?.difficulty).toBeLessThanOrEqual(7);
    const right = scoreAttempt(bank, { [first!.id]: [1] }, [first!.id]).responses;
    const second = selectNextQuestion(bank, attemptBeliefs({}, right), [first!.id]);
    expect(second!.difficulty).toBeGreaterThan(first!.difficulty);
    const wrong = scoreAttempt(bank, { [first!.id]: [0] }, [first!.id]).responses;
    const easier = selectNextQuestion(bank, attemptBeliefs({}, wrong), [first!.id]);
    expect(easier!.difficulty).toBeLessThan(first!.difficulty);
    expect(selectNextQuestion(bank, {}, ['a', 'b', 'c'])).toBeNull();
  });

  it('asks about the skill it knows least about', () => {
    const two = AssessmentSchema.parse({
      ...bank,
      questions: [question('p', ['python'], 5), question('s', ['sql'], 5)],
    });
    const beliefs = { python: { mean: 5, variance: 0.2 }, sql: { mean: 5, variance: 4 } };
    expect(selectNextQuestion(two, beliefs, [])?.id).toBe('s');
  });
});

describe('getSkillBreakdown', () => {
  it('reports each skill of an attempt with the level the attempt alone indicates', () => {
    const scored = scoreAttempt(fixed, { p1: [1], p2: [1], s1: [0], ps: [1] });
    const breakdown = getSkillBreakdown(scored.responses);
    expect(breakdown.map((b) => [b.skill_id, b.questions, b.correct, b.percentage])).toEqual([
      ['python', 3, 3, 100],
      ['sql', 2, 1, 50],
    ]);
    const sql = breakdown[1]!;
    expect(sql).toMatchObject({ difficulty_range: [4, 7], hardest_correct: 7, easiest_wrong: 4 });
    expect(sql.summary).toBe(
      `sql: 1 of 2 right (50%) at difficulties 4–7; this attempt alone indicates level ${sql.attempt_level}.`,
    );
    expect(breakdown[0]!.attempt_level).toBeGreaterThan(sql.attempt_level);
  });
});

describe('assessmentAttemptEvent', () => {
  it('is a valid learner event carrying the responses and the targets', () => {
    const scored = scoreAttempt(fixed, { p1: [1] });
    const event = assessmentAttemptEvent({
      user_id: 'u1',
      assessment: fixed,
      attempt_id: 'att-1',
      scored,
      at: '2026-02-01T10:00:00Z',
    });
    expect(parseLearnerEvent(event)).toEqual(event);
    expect(event.data.target_levels).toEqual({ python: 5 });
    expect(event.data.responses).toHaveLength(4);
  });
});
