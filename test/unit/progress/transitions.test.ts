import { applyAction } from '../../../shared/progress/transitions';
import { article, exercise, failure, quizEntry, t, video } from './fixtures';

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

describe('importing progress a browser kept (seed 001 migration)', () => {
  const imported = (at: number, watch: number, position: number, completed: boolean) =>
    ({
      kind: 'import_chapter',
      at: t(at),
      watch_time_seconds: watch,
      last_position_seconds: position,
      completed,
    }) as const;

  it('completes at the time the browser recorded, not now', () => {
    const state = applyAction(video, undefined, imported(5, 300, 300, true), t(5));
    expect(state).toMatchObject({
      status: 'completed',
      completed_at: t(5),
      started_at: t(5),
      watch_time_seconds: 300,
      time_spent_minutes: 5,
    });
  });

  it('never lowers what the server has, and takes a position only when it is newer', () => {
    const server = applyAction(
      video,
      undefined,
      { kind: 'progress', watch_time_seconds: 600, last_position_seconds: 600 },
      t(10),
    );
    const older = applyAction(video, server, imported(2, 60, 60, false), t(2));
    expect(older).toMatchObject({
      watch_time_seconds: 600,
      last_position_seconds: 600,
      started_at: t(2),
    });
    const newer = applyAction(video, server, imported(20, 30, 42, false), t(20));
    expect(newer).toMatchObject({
      watch_time_seconds: 600,
      last_position_seconds: 42,
      last_activity_at: t(20),
    });
  });

  it('is idempotent: the same import twice is the same state', () => {
    const once = applyAction(video, undefined, imported(5, 300, 120, true), t(5));
    expect(applyAction(video, once, imported(5, 300, 120, true), t(5))).toEqual(once);
  });
});
