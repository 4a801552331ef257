/**
 * The pipeline's rules, apart from any I/O: the stages and their order, what a stage message
 * does given the records it finds (run, skip a duplicate, stop for a stale or deleted run), which
 * units a stage must compute and which it reuses, how progress may move, and the overall status
 * the seed's polling loop reads.
 */
export const Stages = ['stage1', 'stage2', 'stage3', 'stage4'] as const;
export type StageId = (typeof Stages)[number];

export const StageNames: Record<StageId, string> = {
  stage1: 'Inventory',
  stage2: 'Document analysis',
  stage3: 'Outline',
  stage4: 'Content',
};

/** Share of the overall progress bar per stage: analysis and content do the real work. */
const StageWeights: Record<StageId, number> = { stage1: 10, stage2: 40, stage3: 10, stage4: 40 };

export const TaskStatuses = ['PENDING', 'STARTED', 'SUCCESS', 'FAILURE'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

export interface StageState {
  task_id: string;
  status: TaskStatus;
  progress_percentage: number;
  current_step: string;
  error_message: string | null;
}

export function nextStage(stage: StageId): StageId | null {
  return Stages[Stages.indexOf(stage) + 1] ?? null;
}

/** The stage record's task id: one per run and stage, so a duplicate message finds its own record. */
export function taskId(runId: string, stage: StageId): string {
  return `${runId}-${stage}`;
}

export type StageDecision =
  | { action: 'run' }
  | { action: 'skip'; reason: 'project_deleted' | 'stale_run' | 'already_done' | 'already_failed' };

/**
 * What to do with a stage message. Pub/Sub delivers at least once and a run can be superseded
 * by a retry, so the message names its run; only the project's current run may do work, and a
 * stage that finished or failed in that run is never redone. A STARTED record means an earlier
 * delivery died half-way: run again, reusing every checkpointed unit.
 */
export function decideStageRun(
  project: { run_id: string | null } | null,
  record: StageState | null,
  message: { run_id: string; stage: StageId },
): StageDecision {
  if (!project) return { action: 'skip', reason: 'project_deleted' };
  if (project.run_id !== message.run_id) return { action: 'skip', reason: 'stale_run' };
  if (record?.task_id === taskId(message.run_id, message.stage)) {
    if (record.status === 'SUCCESS') return { action: 'skip', reason: 'already_done' };
    if (record.status === 'FAILURE') return { action: 'skip', reason: 'already_failed' };
  }
  return { action: 'run' };
}

/**
 * Progress only moves forward, and reaches 100 only with SUCCESS: a resumed stage that reports
 * an earlier figure keeps the higher one it had shown.
 */
export function advanceProgress(previous: number, proposed: number, done = false): number {
  if (done) return 100;
  const bounded = Math.min(99, Math.max(0, Math.floor(proposed)));
  return Math.max(previous, bounded);
}

/** The percentage after `finished` of `total` units, a stage's first step reserved for setup. */
export function unitProgress(finished: number, total: number): number {
  if (total === 0) return 95;
  return 5 + Math.floor((90 * finished) / total);
}

export interface UnitPlan<U> {
  /** Units whose checkpoint exists: their stored results are used as they are. */
  reuse: U[];
  /** Units to compute, in the order given. */
  compute: U[];
}

/** Splits a stage's units by whether a checkpoint with the same content hash exists. */
export function planUnits<U extends { hash: string }>(
  units: readonly U[],
  checkpoints: ReadonlySet<string>,
): UnitPlan<U> {
  const reuse: U[] = [];
  const compute: U[] = [];
  for (const unit of units) (checkpoints.has(unit.hash) ? reuse : compute).push(unit);
  return { reuse, compute };
}

/** Checkpoints no unit of the latest successful run uses: safe to delete after it. */
export function staleCheckpoints(stored: Iterable<string>, used: ReadonlySet<string>): string[] {
  return [...stored].filter((hash) => !used.has(hash)).sort();
}

export interface OverallStatus {
  current_stage: StageId | null;
  status: TaskStatus;
  progress_percentage: number;
  current_step: string;
  error_message: string | null;
}

/**
 * The whole pipeline as one task for the seed's polling loop: FAILURE as soon as a stage of the
 * run failed; SUCCESS once the last stage succeeded; STARTED in between (also in the moment
 * between one stage's end and the next one's start); PENDING before anything ran.
 */
export function overallStatus(
  runId: string | null,
  records: Partial<Record<StageId, StageState>>,
): OverallStatus {
  const current = (stage: StageId) => {
    const r = records[stage];
    return runId !== null && r?.task_id === taskId(runId, stage) ? r : null;
  };
  let progress = 0;
  let latest: { stage: StageId; record: StageState } | null = null;
  for (const stage of Stages) {
    const record = current(stage);
    if (!record) continue;
    progress += (StageWeights[stage] * record.progress_percentage) / 100;
    if (record.status !== 'PENDING') latest = { stage, record };
    if (record.status === 'FAILURE')
      return {
        current_stage: stage,
        status: 'FAILURE',
        progress_percentage: Math.floor(progress),
        current_step: record.current_step,
        error_message: record.error_message,
      };
  }
  if (!latest)
    return {
      current_stage: runId === null ? null : 'stage1',
      status: 'PENDING',
      progress_percentage: 0,
      current_step: runId === null ? 'Not started' : 'Waiting to start',
      error_message: null,
    };
  const finished = latest.stage === 'stage4' && latest.record.status === 'SUCCESS';
  return {
    current_stage: latest.stage,
    status: finished ? 'SUCCESS' : 'STARTED',
    progress_percentage: finished ? 100 : Math.min(99, Math.floor(progress)),
    current_step: latest.record.current_step,
    error_message: null,
  };
}
