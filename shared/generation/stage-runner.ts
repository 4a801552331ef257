import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import type { DraftImport } from '../catalog/draft-import';
import type { PathwayWrites } from '../catalog/pathway-writes';
import { AppError, isServerFault } from '../errors';
import { log, LogEvent } from '../log';
import type { Outbox, OutboxEvent } from '../platform/outbox';
import type { RequestContext } from '../use-case';
import type { ProjectSources } from './archives';
import { draftPathwayId, toCatalogDraft } from './catalog-draft';
import type { CourseGenerator } from './generator';
import type { ProjectDoc, StageDoc, StageMessage } from './model';
import { decideStageRun, nextStage, StageNames, taskId, type StageId } from './plan';
import type { GenerationRepository } from './repository';
import { failRun, pendingStage, stageEvent } from './runs';
import { ProjectGone, StageContext } from './stage-context';
import { stageWork, type StageOutput } from './stages';

/** The project's owner, as whom the pipeline writes the draft pathway. */
function ownerOf(project: ProjectDoc): Caller {
  return { uid: project.user_id, role: 'instructor', email: undefined, name: undefined };
}

/**
 * Runs one stage message: decides whether it is due (duplicates, stale runs and deleted projects
 * stop here), marks the stage STARTED, does the stage's work over checkpoints, and commits SUCCESS
 * with the next stage's message in one transaction. A permanent error records FAILURE and stops
 * the chain; a transient one is thrown so Pub/Sub redelivers and the stage resumes.
 */
export class StageRunner {
  constructor(
    private readonly repo: GenerationRepository,
    private readonly outbox: Outbox,
    private readonly generator: CourseGenerator,
    private readonly drafts: DraftImport,
    private readonly pathways: PathwayWrites,
    private readonly sources: ProjectSources,
  ) {}

  async handle(message: StageMessage, ctx: RequestContext): Promise<void> {
    const { course_id: courseId, run_id: runId, stage } = message;
    const [project, record] = await Promise.all([
      this.repo.project(courseId),
      this.repo.stage(courseId, stage),
    ]);
    const decision = decideStageRun(
      project ? { run_id: project.run_id } : null,
      record ?? null,
      message,
    );
    if (decision.action === 'skip') {
      // A stage that died after the delete may have left checkpoints under the deleted project.
      if (decision.reason === 'project_deleted') await this.repo.deleteProject(courseId);
      log.info(LogEvent.generationStage, `Stage message skipped: ${decision.reason}`, {
        course_id: courseId,
        run_id: runId,
        stage,
      });
      return;
    }
    const started = await this.markStarted(courseId, runId, stage);
    if (!started) return;
    const context = new StageContext(
      this.repo,
      courseId,
      runId,
      stage,
      started.project,
      started.record,
      () => Timestamp.now(),
    );
    try {
      const output = await stageWork[stage](context, this.generator, () =>
        this.sources.load(courseId),
      );
      const pathwayId = stage === 'stage4' ? await this.writeDraft(context, output, ctx) : null;
      await this.succeed(context, output, pathwayId);
    } catch (error) {
      if (error instanceof ProjectGone) return this.cleanUp(courseId, started.project, ctx);
      if (error instanceof AppError && !isServerFault(error)) {
        await this.repo.runTransaction((tx) =>
          failRun(this.repo, tx, courseId, runId, stage, error.message),
        );
        log.info(LogEvent.generationFailed, 'Course generation failed', {
          course_id: courseId,
          run_id: runId,
          stage,
          reason: error.message,
        });
        return;
      }
      throw error;
    }
  }

  private markStarted(courseId: string, runId: string, stage: StageId) {
    const ref = this.repo.stageRef(courseId, stage);
    return this.repo.runTransaction(async (tx) => {
      const project = await this.repo.txProject(tx, courseId);
      if (!project || project.run_id !== runId) return null;
      const existing = (await tx.get(ref)).data() as StageDoc | undefined;
      const ours = existing?.task_id === taskId(runId, stage) ? existing : undefined;
      if (ours?.status === 'SUCCESS' || ours?.status === 'FAILURE') return null;
      const resumed = ours?.status === 'STARTED';
      const record: StageDoc = {
        ...(ours ?? pendingStage(runId, stage, '')),
        status: 'STARTED',
        started_at: ours?.started_at ?? Timestamp.now(),
        progress_percentage: Math.max(1, ours?.progress_percentage ?? 0),
        current_step: `${resumed ? 'Resuming' : 'Starting'} ${StageNames[stage].toLowerCase()}`,
        units_computed: 0,
        units_reused: 0,
      };
      tx.set(ref, record);
      return { project, record };
    });
  }

  private async writeDraft(
    context: StageContext,
    output: StageOutput,
    ctx: RequestContext,
  ): Promise<string> {
    const { draft } = output;
    if (!draft) throw new Error('The content stage produced no draft');
    const pathwayId = context.project.pathway_id ?? draftPathwayId(context.courseId);
    await context.progress(92, 'Writing the draft pathway to the catalog', true);
    await context.ensureAlive();
    const catalogDraft = toCatalogDraft(context.courseId, context.project, draft);
    await this.drafts.replace(
      ownerOf(context.project),
      pathwayId,
      catalogDraft,
      Timestamp.now(),
      ctx,
    );
    return pathwayId;
  }

  private async succeed(
    context: StageContext,
    output: StageOutput,
    pathwayId: string | null,
  ): Promise<void> {
    const { courseId, runId, stage } = context;
    const next = nextStage(stage);
    const events: OutboxEvent[] = next ? [stageEvent(courseId, runId, next)] : [];
    const committed = await this.repo.runTransaction(async (tx) => {
      const project = await this.repo.txProject(tx, courseId);
      if (!project || project.run_id !== runId) return false;
      // A deletion removes the stage records before the project document (recursiveDelete):
      // a missing one means the project is going, not a fault to redeliver.
      const records = await tx.getAll(
        ...[stage, next].flatMap((s) => (s ? [this.repo.stageRef(courseId, s)] : [])),
      );
      if (records.some((r) => !r.exists)) return false;
      const now = Timestamp.now();
      tx.update(this.repo.stageRef(courseId, stage), {
        status: 'SUCCESS',
        progress_percentage: 100,
        current_step: `${StageNames[stage]} complete`,
        completed_at: now,
        output: output.output,
        summary: output.summary,
        units_computed: context.computed,
        units_reused: context.reused,
      } satisfies Partial<StageDoc>);
      if (next) {
        tx.update(this.repo.stageRef(courseId, next), {
          current_step: `Starting ${StageNames[next].toLowerCase()}`,
        });
        this.outbox.stage(tx, events);
      } else {
        tx.update(this.repo.projectRef(courseId), {
          status: 'ready',
          run_active: false,
          pathway_id: pathwayId,
          updated_at: now,
        } satisfies Partial<ProjectDoc>);
      }
      return true;
    });
    if (!committed) throw new ProjectGone(courseId);
    log.info(LogEvent.generationStage, `${StageNames[stage]} complete`, {
      course_id: courseId,
      run_id: runId,
      stage,
      units_computed: context.computed,
      units_reused: context.reused,
    });
  }

  /** A deleted project: remove what this stage wrote after the delete, then stop quietly. */
  private async cleanUp(courseId: string, project: ProjectDoc, ctx: RequestContext): Promise<void> {
    if (await this.repo.project(courseId)) return;
    await this.repo.deleteProject(courseId);
    const pathwayId = project.pathway_id ?? draftPathwayId(courseId);
    try {
      await this.pathways.delete(ownerOf(project), { pathway_id: pathwayId }, {}, ctx);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
    log.info(LogEvent.generationStage, 'Course deleted during generation; stage stopped', {
      course_id: courseId,
    });
  }
}
