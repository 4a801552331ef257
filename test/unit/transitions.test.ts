import { Timestamp } from 'firebase-admin/firestore';
import type { OutlineResource } from '../../shared/catalog/model';
import type { AppError } from '../../shared/errors';
import { applyAttempt, scoreAnswers } from '../../shared/progress/quiz';
import { applyAction } from '../../shared/progress/transitions';

const t = (minutes: number) => Timestamp.fromMillis(Date.UTC(2026, 0, 1) + minutes * 60_000);
const video: OutlineResource = {
  resource_id: 'v',
  type: 'video',
  title: 'V',
  required: true,
  duration_minutes: 10,
  requires_upload: false,
};
const exercise: OutlineResource = {
  ...video,
  resource_id: 'e',
  type: 'exercise',
  requires_upload: true,
};
const quizEntry: OutlineResource = { ...video, resource_id: 'q', type: 'quiz' };
const article: OutlineResource = { ...video, resource_id: 'a', type: 'article' };

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('status machine', () => {
  it('goes not_started → in_progress → completed, with dates', () => {
    const started = applyAction(video, undefined, { kind: 'start', notes: 'go' }, t(1));
    expect(started).toMatchObject({
      status: 'in_progress',
      started_at: t(1),
      notes: 'go',
      completed_at: null,
    });
    const done = applyAction(video, started, { kind: 'complete' }, t(5));
    expect(done).toMatchObject({
      status: 'completed',
      progress_percentage: 100,
      started_at: t(1),
      completed_at: t(5),
    });
    const again = applyAction(video, done, { kind: 'complete' }, t(9));
    expect(again.completed_at).toEqual(t(5));
  });

  it('completes when progress reaches 100 and never moves back on lower progress', () => {
    const done = applyAction(
      article,
      undefined,
      { kind: 'progress', progress_percentage: 100 },
      t(1),
    );
    expect(done.status).toBe('completed');
    const rewatch = applyAction(
      article,
      done,
      { kind: 'progress', progress_percentage: 30, time_spent_minutes: 50 },
      t(2),
    );
    expect(rewatch).toMatchObject({
      status: 'completed',
      progress_percentage: 100,
      time_spent_minutes: 50,
    });
    const back = failure(() =>
      applyAction(article, done, { kind: 'progress', status: 'in_progress' }, t(3)),
    );
    expect(back.code).toBe('failed_precondition');
    expect(back.details[0]?.path).toBe('status');
  });

  it('keeps time spent monotonic across devices reporting totals', () => {
    const a = applyAction(article, undefined, { kind: 'progress', time_spent_minutes: 30 }, t(1));
    const b = applyAction(article, a, { kind: 'progress', time_spent_minutes: 12 }, t(2));
    expect(b.time_spent_minutes).toBe(30);
  });

  it('refuses to let a learner complete an upload resource or a quiz directly', () => {
    expect(
      failure(() => applyAction(exercise, undefined, { kind: 'complete' }, t(1))).message,
    ).toMatch(/submitting a file/);
    expect(
      failure(() => applyAction(quizEntry, undefined, { kind: 'complete' }, t(1))).message,
    ).toMatch(/passing it/);
    const full = applyAction(
      exercise,
      undefined,
      { kind: 'progress', progress_percentage: 100 },
      t(1),
    );
    expect(full).toMatchObject({ status: 'in_progress', progress_percentage: 100 });
  });

  it('marks an upload resource submitted, completed on approval, back in progress on rejection', () => {
    const submitted = applyAction(
      exercise,
      undefined,
      { kind: 'submission_recorded', submission_id: 's1' },
      t(1),
    );
    expect(submitted).toMatchObject({
      status: 'submitted',
      submission_count: 1,
      latest_submission_id: 's1',
      completed_at: t(1),
    });
    const approved = applyAction(
      exercise,
      submitted,
      { kind: 'submission_reviewed', approved: true, submission_id: 's1' },
      t(2),
    );
    expect(approved.status).toBe('completed');
    const rejected = applyAction(
      exercise,
      submitted,
      { kind: 'submission_reviewed', approved: false, submission_id: 's1' },
      t(2),
    );
    expect(rejected).toMatchObject({ status: 'in_progress', completed_at: null });
    const resubmitted = applyAction(
      exercise,
      rejected,
      { kind: 'submission_recorded', submission_id: 's2' },
      t(3),
    );
    expect(resubmitted).toMatchObject({ status: 'submitted', submission_count: 2 });
  });

  it('keeps video playback position and watch time, and only for videos', () => {
    const s = applyAction(
      video,
      undefined,
      { kind: 'progress', last_position_seconds: 300, watch_time_seconds: 320 },
      t(1),
    );
    expect(s).toMatchObject({
      last_position_seconds: 300,
      watch_time_seconds: 320,
      time_spent_minutes: 6,
    });
    const back = applyAction(
      video,
      s,
      { kind: 'progress', last_position_seconds: 10, watch_time_seconds: 100 },
      t(2),
    );
    expect(back).toMatchObject({ last_position_seconds: 10, watch_time_seconds: 320 });
    expect(
      failure(() =>
        applyAction(article, undefined, { kind: 'progress', last_position_seconds: 3 }, t(1)),
      ).details[0]?.path,
    ).toBe('last_position_seconds');
  });

  it('counts views', () => {
    const once = applyAction(article, undefined, { kind: 'view' }, t(1));
    const twice = applyAction(article, once, { kind: 'view' }, t(2));
    expect(twice).toMatchObject({
      status: 'in_progress',
      view_count: 2,
      last_viewed_at: t(2),
      started_at: t(1),
    });
  });
});

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
