import { applyAttempt, scoreAnswers } from '../../../shared/progress/quiz';
import { applyAction } from '../../../shared/progress/transitions';
import { failure, quizEntry, t } from './fixtures';

describe('quiz scoring and policies', () => {
  const quiz = {
    questions: [
      { id: 'q1', prompt: '', options: ['a', 'b', 'c'] },
      { id: 'q2', prompt: '', options: ['a', 'b'] },
      { id: 'q3', prompt: '', options: ['a', 'b'] },
    ],
  };
  const key = { q1: [0, 2], q2: [1], q3: [0] };

  it('needs exactly the correct options, and counts unanswered as wrong', () => {
    const scored = scoreAnswers(quiz, key, { q1: [2, 0], q2: [0] });
    expect(scored).toMatchObject({ score: 1, max_score: 3, percentage: 33.3 });
    expect(scored.results).toEqual([
      { question_id: 'q1', correct: true },
      { question_id: 'q2', correct: false },
      { question_id: 'q3', correct: false },
    ]);
  });

  it('rejects answers that do not fit the quiz, naming them', () => {
    const error = failure(() => scoreAnswers(quiz, key, { q9: [0], q2: [5], q3: [0, 0] }));
    expect(error.details.map((d) => d.path)).toEqual(['answers.q9', 'answers.q2.0', 'answers.q3']);
  });

  const attempt = (percentage: number) => ({ score: percentage, max_score: 100, percentage });

  it('highest: the best attempt counts and a pass stays', () => {
    const rules = { passing_score: 70, policy: 'highest' as const, max_attempts: null };
    const a1 = applyAttempt(null, attempt(80), rules, t(1));
    const a2 = applyAttempt(a1, attempt(40), rules, t(2));
    expect(a2).toMatchObject({
      attempts: 2,
      counted_percentage: 80,
      passed: true,
      passed_at: t(1),
      latest_percentage: 40,
      best_percentage: 80,
    });
  });

  it('latest: the newest attempt counts, even when it fails after a pass', () => {
    const rules = { passing_score: 70, policy: 'latest' as const, max_attempts: null };
    const a2 = applyAttempt(applyAttempt(null, attempt(80), rules, t(1)), attempt(40), rules, t(2));
    expect(a2).toMatchObject({ counted_percentage: 40, passed: false, passed_at: null });
  });

  it('first: only the first attempt counts', () => {
    const rules = { passing_score: 70, policy: 'first' as const, max_attempts: null };
    const a2 = applyAttempt(
      applyAttempt(null, attempt(50), rules, t(1)),
      attempt(100),
      rules,
      t(2),
    );
    expect(a2).toMatchObject({
      counted_percentage: 50,
      passed: false,
      attempts: 2,
      best_percentage: 100,
    });
  });

  it('enforces the attempt limit', () => {
    const rules = { passing_score: 70, policy: 'highest' as const, max_attempts: 2 };
    const a2 = applyAttempt(applyAttempt(null, attempt(10), rules, t(1)), attempt(20), rules, t(2));
    const error = failure(() => applyAttempt(a2, attempt(90), rules, t(3)));
    expect(error.code).toBe('failed_precondition');
  });

  it('completes the quiz resource when the counted attempt passes', () => {
    const rules = { passing_score: 70, policy: 'highest' as const, max_attempts: null };
    const failed = applyAction(
      quizEntry,
      undefined,
      { kind: 'quiz', quiz: applyAttempt(null, attempt(50), rules, t(1)) },
      t(1),
    );
    expect(failed).toMatchObject({ status: 'in_progress', progress_percentage: 50 });
    const passed = applyAction(
      quizEntry,
      failed,
      { kind: 'quiz', quiz: applyAttempt(failed.quiz, attempt(90), rules, t(2)) },
      t(2),
    );
    expect(passed).toMatchObject({ status: 'completed', completed_at: t(2) });
  });
});
