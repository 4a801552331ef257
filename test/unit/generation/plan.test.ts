import fc from 'fast-check';
import {
  advanceProgress,
  decideStageRun,
  nextStage,
  overallStatus,
  planUnits,
  staleCheckpoints,
  taskId,
  type StageState,
} from '../../../shared/generation/plan';

const record = (
  runId: string,
  stage: 'stage1' | 'stage2' | 'stage3' | 'stage4',
  over: Partial<StageState> = {},
): StageState => ({
  task_id: taskId(runId, stage),
  status: 'STARTED',
  progress_percentage: 0,
  current_step: 'Working',
  error_message: null,
  ...over,
});

describe('decideStageRun', () => {
  const message = { run_id: 'run-2', stage: 'stage2' as const };

  it('stops quietly when the project is gone or the message belongs to an older run', () => {
    expect(decideStageRun(null, null, message)).toEqual({
      action: 'skip',
      reason: 'project_deleted',
    });
    expect(decideStageRun({ run_id: 'run-3' }, null, message)).toEqual({
      action: 'skip',
      reason: 'stale_run',
    });
  });

  it('never redoes a stage its run finished or failed (duplicate messages)', () => {
    const project = { run_id: 'run-2' };
    expect(
      decideStageRun(project, record('run-2', 'stage2', { status: 'SUCCESS' }), message),
    ).toEqual({
      action: 'skip',
      reason: 'already_done',
    });
    expect(
      decideStageRun(project, record('run-2', 'stage2', { status: 'FAILURE' }), message),
    ).toEqual({
      action: 'skip',
      reason: 'already_failed',
    });
  });

  it('runs a fresh stage, one an earlier delivery left STARTED, and one an older run finished', () => {
    const project = { run_id: 'run-2' };
    expect(decideStageRun(project, null, message)).toEqual({ action: 'run' });
    expect(decideStageRun(project, record('run-2', 'stage2'), message)).toEqual({ action: 'run' });
    expect(
      decideStageRun(project, record('run-1', 'stage2', { status: 'SUCCESS' }), message),
    ).toEqual({ action: 'run' });
  });
});

describe('advanceProgress', () => {
  it('never moves backwards and reaches 100 only when done', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 200, noNaN: true }), { maxLength: 30 }),
        (reports) => {
          let shown = 0;
          for (const r of reports) {
            const next = advanceProgress(shown, r);
            expect(next).toBeGreaterThanOrEqual(shown);
            expect(next).toBeLessThanOrEqual(99);
            shown = next;
          }
          expect(advanceProgress(shown, 0, true)).toBe(100);
        },
      ),
    );
  });
});

describe('planUnits and staleCheckpoints', () => {
  it('reuses units whose hash is checkpointed and computes the rest, in order', () => {
    const units = [{ hash: 'a' }, { hash: 'b' }, { hash: 'c' }];
    expect(planUnits(units, new Set(['b', 'x']))).toEqual({
      reuse: [{ hash: 'b' }],
      compute: [{ hash: 'a' }, { hash: 'c' }],
    });
  });

  it('lists checkpoints the latest run no longer uses', () => {
    expect(staleCheckpoints(['c', 'a', 'b'], new Set(['b']))).toEqual(['a', 'c']);
  });
});

describe('overallStatus', () => {
  it('is PENDING before a run and while its first stage waits', () => {
    expect(overallStatus(null, {})).toMatchObject({ status: 'PENDING', current_stage: null });
    expect(overallStatus('r', {})).toMatchObject({ status: 'PENDING', current_stage: 'stage1' });
  });

  it('reports the latest stage, STARTED between stages, with weighted progress', () => {
    const status = overallStatus('r', {
      stage1: record('r', 'stage1', { status: 'SUCCESS', progress_percentage: 100 }),
      stage2: record('r', 'stage2', {
        progress_percentage: 50,
        current_step: 'Analyzing file 2 of 4: a.md',
      }),
    });
    expect(status).toEqual({
      current_stage: 'stage2',
      status: 'STARTED',
      progress_percentage: 30,
      current_step: 'Analyzing file 2 of 4: a.md',
      error_message: null,
    });
    const between = overallStatus('r', {
      stage1: record('r', 'stage1', { status: 'SUCCESS', progress_percentage: 100 }),
    });
    expect(between).toMatchObject({
      status: 'STARTED',
      current_stage: 'stage1',
      progress_percentage: 10,
    });
  });

  it('reports FAILURE with the failed stage’s message, and SUCCESS only after the last stage', () => {
    const failed = overallStatus('r', {
      stage1: record('r', 'stage1', { status: 'SUCCESS', progress_percentage: 100 }),
      stage2: record('r', 'stage2', { status: 'FAILURE', error_message: 'bad zip' }),
    });
    expect(failed).toMatchObject({
      status: 'FAILURE',
      current_stage: 'stage2',
      error_message: 'bad zip',
    });
    const done = Object.fromEntries(
      (['stage1', 'stage2', 'stage3', 'stage4'] as const).map((s) => [
        s,
        record('r', s, { status: 'SUCCESS', progress_percentage: 100 }),
      ]),
    );
    expect(overallStatus('r', done)).toMatchObject({ status: 'SUCCESS', progress_percentage: 100 });
  });

  it('ignores records of an earlier run', () => {
    const status = overallStatus('r2', {
      stage1: record('r1', 'stage1', { status: 'FAILURE', error_message: 'old' }),
    });
    expect(status.status).toBe('PENDING');
  });

  it('never goes backwards while the stages of one run advance', () => {
    const stages = ['stage1', 'stage2', 'stage3', 'stage4'] as const;
    let shown = 0;
    const records: Record<string, StageState> = {};
    for (const stage of stages) {
      for (const p of [0, 40, 80]) {
        records[stage] = record('r', stage, { progress_percentage: p });
        const now = overallStatus('r', records).progress_percentage;
        expect(now).toBeGreaterThanOrEqual(shown);
        shown = now;
      }
      records[stage] = record('r', stage, { status: 'SUCCESS', progress_percentage: 100 });
    }
    expect(nextStage('stage4')).toBeNull();
  });
});
