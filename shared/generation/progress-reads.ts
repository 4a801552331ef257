import type { Caller } from '../auth';
import type { RequestContext, ResponseOf } from '../use-case';
import { overallStatus, type StageId } from './plan';
import { ownedProject } from './projects';
import type { GenerationRepository } from './repository';
import type { GenerationStatusSchema, StageProgressSchema } from './schemas';
import { stageView } from './views';

type Params = { course_id: string };
type NoInput = Record<string, never>;

/** What seed 002's polling loop reads: the run as a whole, and one stage. */
export class GenerationProgress {
  constructor(private readonly repo: GenerationRepository) {}

  async status(
    caller: Caller,
    params: Params,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof GenerationStatusSchema>> {
    const project = await ownedProject(this.repo, caller, params.course_id);
    const records = await this.repo.stageDocs(params.course_id);
    return {
      course_id: params.course_id,
      project_status: project.status,
      ...overallStatus(project.run_id, records),
      pathway_id: project.pathway_id,
    };
  }

  async stage(
    caller: Caller,
    params: { stage: StageId },
    query: Params,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof StageProgressSchema>> {
    const project = await ownedProject(this.repo, caller, query.course_id);
    const record = await this.repo.stage(query.course_id, params.stage);
    return stageView(query.course_id, params.stage, project.run_id, record);
  }
}
