import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import type { SkillRef, SkillTagCheck } from '../catalog/skill-tags';
import { alreadyExists, invalidArgument, notFound, permissionDenied } from '../errors';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { PageQuery } from '../http/pagination';
import { pageById } from './documents';
import type { SkillDoc } from './model';
import type { SkillListSchema, SkillViewSchema } from './schemas';
import type { SkillRepository } from './skill-repository';
import { unknownSkillDetails, type SkillSchema, type UpdateSkillSchema } from './skills';

type View = ResponseOf<typeof SkillViewSchema>;

function view(doc: SkillDoc): View {
  return {
    id: doc.id,
    name: doc.name,
    description: doc.description,
    status: doc.status,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

function staffOnly(caller: Caller): void {
  if (!hasRole(caller, 'instructor'))
    throw permissionDenied('Only instructors and admins manage skills');
}

/**
 * The managed skills list (`/api/v1/skills`): everyone signed in reads it, instructors and admins
 * add and edit skills. A skill is retired rather than deleted, because content and learners'
 * levels keep naming it; retired skills take no new tags. The catalog checks tags through it.
 */
export class SkillList implements SkillTagCheck {
  constructor(
    private readonly repo: SkillRepository,
    private readonly clock: () => Date,
  ) {}

  async list(
    _caller: Caller,
    _params: NoInput,
    query: PageQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof SkillListSchema>> {
    const page = await pageById(
      query,
      (n, after) => this.repo.page(n, after),
      (d) => d.id,
    );
    return { skills: page.items.map(view), next_page_token: page.next_page_token };
  }

  async get(_caller: Caller, params: { skill_id: string }, _q: NoInput, _ctx: RequestContext) {
    const doc = await this.repo.get(params.skill_id);
    if (!doc) throw notFound(`Skill ${params.skill_id}`);
    return view(doc);
  }

  async create(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof SkillSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    staffOnly(caller);
    const at = this.clock().toISOString();
    const doc: SkillDoc = { ...input, created_by: caller.uid, created_at: at, updated_at: at };
    if (!(await this.repo.create(doc))) throw alreadyExists(`Skill ${input.id} already exists`);
    return view(doc);
  }

  async update(
    caller: Caller,
    params: { skill_id: string },
    input: z.output<typeof UpdateSkillSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    staffOnly(caller);
    const at = this.clock().toISOString();
    const doc = await this.repo.update(params.skill_id, (d) => ({
      ...d,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      updated_at: at,
    }));
    if (!doc) throw notFound(`Skill ${params.skill_id}`);
    return view(doc);
  }

  /** `DELETE`: retires the skill (see the class comment). */
  retire(caller: Caller, params: { skill_id: string }, _input: NoInput, ctx: RequestContext) {
    return this.update(caller, params, { status: 'retired' }, ctx);
  }

  async check(refs: readonly SkillRef[]): Promise<void> {
    if (refs.length === 0) return;
    const skills = await this.repo.getMany(refs.map((r) => r.skill_id));
    const details = unknownSkillDetails([...refs], skills);
    if (details.length > 0)
      throw invalidArgument('Skill tags must name active skills of the skills list', details);
  }
}
