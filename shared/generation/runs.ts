import { randomUUID } from 'node:crypto';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import type { Config } from '../config';
import { AppError, failedPrecondition, resourceExhausted } from '../errors';
import { log, LogEvent } from '../log';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import type { TaskQueue } from '../platform/tasks';
import { Topics, TaskTargets } from '../triggers';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ProjectSources } from './archives';
import type { ProjectDoc, StageDoc, StageMessage } from './model';
import { Stages, StageNames, taskId, type StageId } from './plan';
import { ownedProject } from './projects';
import type { GenerationRepository } from './repository';
import type { StartedSchema } from './schemas';
import { assertTransition } from './status';

type Params = { course_id: string };
type NoInput = Record<string, never>;

/** The event that runs one stage of one run; its id makes a re-published message a duplicate. */
export function stageEvent(courseId: string, runId: string, stage: StageId): OutboxEvent {
  const data: StageMessage = {
    type: 'generation_stage',
    course_id: courseId,
    run_id: runId,
    stage,
  };
  return { id: `generation-${runId}-${stage}`, topic: Topics.generationStages, data };
}

export function pendingStage(runId: string, stage: StageId, step: string): StageDoc {
  return {
    stage,
    task_id: taskId(runId, stage),
    status: 'PENDING',
    progress_percentage: 0,
    current_step: step,
    error_message: null,
    started_at: null,
    completed_at: null,
    output: null,
    units_computed: 0,
    units_reused: 0,
    summary: null,
  };
}

/**
 * Starting a generation: the project moves to `generating` under a new run id with a PENDING
 * record per stage, and a named Cloud Task asks for admission. The start queue paces admissions
 * (one at a time); a run is admitted while fewer than the deployment's limit are running, and
 * admission publishes the first stage's message.
 */
export class GenerationRuns {
  constructor(
    private readonly repo: GenerationRepository,
    private readonly outbox: Outbox,
    private readonly tasks: TaskQueue,
    private readonly config: Pick<Config, 'taskTargetUrls'>,
    private readonly maxConcurrent: number,
    private readonly sources: ProjectSources,
  ) {}

  start(caller: Caller, params: Params, _input: NoInput, ctx: RequestContext) {
    return this.begin(caller, params.course_id, false, ctx);
  }

  retry(caller: Caller, params: Params, _input: NoInput, ctx: RequestContext) {
    return this.begin(caller, params.course_id, true, ctx);
  }

  private async begin(
    caller: Caller,
    courseId: string,
    retry: boolean,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof StartedSchema>> {
    await ownedProject(this.repo, caller, courseId);
    if (!(await this.sources.any(courseId)))
      throw failedPrecondition('The project has no sources yet: add files before generating');
    const runId = randomUUID().replaceAll('-', '').slice(0, 20);
    await this.repo.runTransaction(async (tx) => {
      const project = await this.repo.txProject(tx, courseId);
      if (!project) throw failedPrecondition(`Course ${courseId} is gone`);
      if (retry && project.status !== 'failed')
        throw failedPrecondition(
          `Only a failed generation is retried; the course is ${project.status}`,
          [{ path: 'status', message: `is ${project.status}, not failed` }],
        );
      assertTransition(project.status, 'generating', 'pipeline');
      const now = Timestamp.now();
      tx.update(this.repo.projectRef(courseId), {
        status: 'generating',
        run_id: runId,
        run_active: false,
        updated_at: now,
      } satisfies Partial<ProjectDoc>);
      for (const stage of Stages)
        tx.set(
          this.repo.stageRef(courseId, stage),
          pendingStage(
            runId,
            stage,
            stage === 'stage1' ? 'Queued' : `Waiting for ${StageNames.stage1.toLowerCase()}`,
          ),
        );
    });
    const target = TaskTargets.startGeneration;
    try {
      await this.tasks.enqueue({
        queue: target.queue,
        name: `generation-${runId}`,
        url: this.config.taskTargetUrls[target.functionName] as string,
        body: { course_id: courseId, run_id: runId },
      });
    } catch (error) {
      await this.fail(courseId, runId, 'stage1', 'The generation could not be queued; try again');
      throw new AppError('unavailable', 'The generation could not be queued', { cause: error });
    }
    log.info(LogEvent.generationStarted, 'Course generation queued', {
      course_id: courseId,
      run_id: runId,
    });
    return {
      course_id: courseId,
      run_id: runId,
      task_id: taskId(runId, 'stage1'),
      status: 'PENDING',
      message: 'Course generation queued',
    };
  }

  /**
   * The start queue's task: admits the run when a slot is free (429 otherwise, so Cloud Tasks
   * tries again later) and publishes its first stage. A duplicate task or one for a superseded
   * or deleted run does nothing.
   */
  async admit(courseId: string, runId: string): Promise<'admitted' | 'skipped'> {
    const project = await this.repo.project(courseId);
    if (
      !project ||
      project.run_id !== runId ||
      project.run_active ||
      project.status !== 'generating'
    )
      return 'skipped';
    const running = await this.repo.activeRuns();
    if (running >= this.maxConcurrent)
      throw resourceExhausted(`${running} generations are running; this one waits for a slot`, 10);
    const event = stageEvent(courseId, runId, 'stage1');
    const admitted = await this.repo.runTransaction(async (tx) => {
      const current = await this.repo.txProject(tx, courseId);
      // Checked again here: the project may have failed, been reset or deleted since the read.
      if (!current || current.run_id !== runId || current.run_active) return false;
      if (current.status !== 'generating') return false;
      if (!(await tx.get(this.repo.stageRef(courseId, 'stage1'))).exists) return false;
      tx.update(this.repo.projectRef(courseId), { run_active: true });
      tx.update(this.repo.stageRef(courseId, 'stage1'), { current_step: 'Admitted; starting' });
      this.outbox.stage(tx, [event]);
      return true;
    });
    if (!admitted) return 'skipped';
    return 'admitted';
  }

  /** Records a run's failure: the stage FAILURE with its message, the project `failed`. */
  async fail(courseId: string, runId: string, stage: StageId, message: string): Promise<void> {
    await this.repo.runTransaction(async (tx) =>
      failRun(this.repo, tx, courseId, runId, stage, message),
    );
  }
}

/** Inside a transaction: marks the run failed, if it is still the project's run. */
export async function failRun(
  repo: GenerationRepository,
  tx: Transaction,
  courseId: string,
  runId: string,
  stage: StageId,
  message: string,
): Promise<boolean> {
  const project = await repo.txProject(tx, courseId);
  if (!project || project.run_id !== runId) return false;
  // A project being deleted loses its stage records before its own document.
  if (!(await tx.get(repo.stageRef(courseId, stage))).exists) return false;
  const now = Timestamp.now();
  tx.update(repo.projectRef(courseId), { status: 'failed', run_active: false, updated_at: now });
  tx.update(repo.stageRef(courseId, stage), {
    status: 'FAILURE',
    error_message: message,
    current_step: `${StageNames[stage]} failed`,
    completed_at: now,
  });
  return true;
}
