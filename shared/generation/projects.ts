import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import type { PathwayWrites } from '../catalog/pathway-writes';
import { failedPrecondition, notFound, permissionDenied } from '../errors';
import type { RequestContext, ResponseOf } from '../use-case';
import { draftPathwayId } from './catalog-draft';
import type { ProjectDoc } from './model';
import type { GenerationRepository } from './repository';
import type {
  CreateProjectSchema,
  DeletedProjectSchema,
  ProjectListSchema,
  ProjectSchema,
  UpdateProjectSchema,
} from './schemas';
import { assertTransition } from './status';
import { projectView } from './views';

type Params = { course_id: string };
type NoInput = Record<string, never>;
type View = Promise<ResponseOf<typeof ProjectSchema>>;

/** Objects of a project in Cloud Storage (uploaded archives); deleted with the project. */
export interface ProjectObjects {
  deleteAll(courseId: string): Promise<void>;
}

function requireInstructor(caller: Caller): void {
  if (!hasRole(caller, 'instructor'))
    throw permissionDenied('Course projects are for instructors and admins');
}

/** A project the caller may work on: their own, or any for an admin; otherwise a 404. */
export async function ownedProject(
  repo: GenerationRepository,
  caller: Caller,
  courseId: string,
): Promise<ProjectDoc> {
  requireInstructor(caller);
  const project = await repo.project(courseId);
  if (!project || (project.user_id !== caller.uid && caller.role !== 'admin'))
    throw notFound(`Course ${courseId}`);
  return project;
}

/** Seed 002's project endpoints: create, list, read, update (status machine), delete. */
export class Projects {
  constructor(
    private readonly repo: GenerationRepository,
    private readonly pathways: PathwayWrites,
    private readonly objects: ProjectObjects,
  ) {}

  async create(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof CreateProjectSchema>,
    _ctx: RequestContext,
  ): View {
    requireInstructor(caller);
    const id = randomUUID();
    const now = Timestamp.now();
    const doc: ProjectDoc = {
      user_id: caller.uid,
      title: input.title,
      description: input.description ?? null,
      status: 'draft',
      repo_url: input.repo_url ?? null,
      repo_name: input.repo_name ?? null,
      outline: input.outline ?? null,
      run_id: null,
      run_active: false,
      pathway_id: null,
      created_at: now,
      updated_at: now,
    };
    await this.repo.createProject(id, doc);
    return projectView(id, doc);
  }

  async list(
    caller: Caller,
    _params: NoInput,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ProjectListSchema>> {
    requireInstructor(caller);
    const projects = await this.repo.projectsOf(caller.uid, 1000);
    return projects.map(({ id, doc }) => projectView(id, doc));
  }

  async get(caller: Caller, params: Params, _input: NoInput, _ctx: RequestContext): View {
    return projectView(params.course_id, await ownedProject(this.repo, caller, params.course_id));
  }

  async update(
    caller: Caller,
    params: Params,
    input: z.output<typeof UpdateProjectSchema>,
    ctx: RequestContext,
  ): View {
    await ownedProject(this.repo, caller, params.course_id);
    const ref = this.repo.projectRef(params.course_id);
    const next = await this.repo.runTransaction(async (tx) => {
      const project = await this.repo.txProject(tx, params.course_id);
      if (!project) throw notFound(`Course ${params.course_id}`);
      if (input.status !== undefined) assertTransition(project.status, input.status, 'owner');
      if (input.outline !== undefined && project.status === 'generating')
        throw failedPrecondition('The outline cannot change while the course is generating');
      const changed: ProjectDoc = {
        ...project,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.repo_url !== undefined ? { repo_url: input.repo_url } : {}),
        ...(input.repo_name !== undefined ? { repo_name: input.repo_name } : {}),
        ...(input.outline !== undefined ? { outline: input.outline } : {}),
        updated_at: Timestamp.now(),
      };
      tx.set(ref, changed);
      return { before: project, after: changed };
    });
    const { before, after } = next;
    if (before.status !== 'published' && after.status === 'published' && after.pathway_id)
      await this.pathways.publish(caller, { pathway_id: after.pathway_id }, {}, ctx);
    return projectView(params.course_id, after);
  }

  /**
   * Removes the project with its stage records, sources and checkpoints, its objects in Cloud
   * Storage, and its draft pathway (a published one stays: learners may be in it). A stage that
   * is running notices at its next write and stops.
   */
  async delete(
    caller: Caller,
    params: Params,
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeletedProjectSchema>> {
    const project = await ownedProject(this.repo, caller, params.course_id);
    await this.repo.deleteProject(params.course_id);
    await this.objects.deleteAll(params.course_id);
    if (project.status !== 'published') {
      // A first run may be writing the draft right now, before the project names it.
      const pathwayId = project.pathway_id ?? draftPathwayId(params.course_id);
      try {
        await this.pathways.delete(caller, { pathway_id: pathwayId }, {}, ctx);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'not_found')) throw error;
      }
    }
    return { message: 'Course deleted successfully' };
  }
}
