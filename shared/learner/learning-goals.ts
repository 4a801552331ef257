import type { z } from 'zod';
import type { Caller } from '../auth';
import type { SkillTagCheck } from '../catalog/skill-tags';
import { invalidArgument, notFound } from '../errors';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import {
  applyGoalUpdate,
  goalChangeProblems,
  goalSetEvent,
  type CreateGoalSchema,
  type Goal,
  type UpdateGoalSchema,
} from './goals';
import type { GoalDoc } from './model';
import type { PlanningRepository } from './planning-repository';
import { learnerEventMessage } from './publish';
import type { GoalListSchema, GoalViewSchema } from './schemas';

type View = ResponseOf<typeof GoalViewSchema>;
type Params = { goal_id: string };

/** The most goals a list shows: learners keep a handful. */
const GOALS_LISTED = 100;

function view(doc: GoalDoc): View {
  return {
    goal_id: doc.goal_id,
    title: doc.title,
    targets: doc.targets,
    deadline: doc.deadline,
    status: doc.status,
    revision: doc.revision,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

const goalOf = (doc: GoalDoc): Goal => ({
  goal_id: doc.goal_id,
  title: doc.title,
  targets: doc.targets,
  deadline: doc.deadline,
  status: doc.status,
});

/**
 * Seed 003's learning goals (`/api/v1/learning/goals`): target skills and levels with an
 * optional deadline. Each create, update and archive is written with its `goal_set` event in
 * one commit; the event consumer folds the targets into the learner's gaps.
 */
export class LearningGoals {
  constructor(
    private readonly repo: PlanningRepository,
    private readonly skills: SkillTagCheck,
    private readonly clock: () => Date,
  ) {}

  async create(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof CreateGoalSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    const now = this.clock();
    const problems = goalChangeProblems(null, input, now);
    if (problems.length > 0) throw invalidArgument('This goal cannot be set', problems);
    await this.checkSkills(input.targets);
    const id = this.repo.newGoalId();
    const at = now.toISOString();
    const saved = await this.repo.saveGoal(id, () => {
      const doc: GoalDoc = {
        goal_id: id,
        title: input.title,
        targets: input.targets,
        deadline: input.deadline,
        status: 'active',
        user_id: caller.uid,
        revision: 1,
        created_at: at,
        updated_at: at,
      };
      return { doc, event: learnerEventMessage(goalSetEvent(caller.uid, goalOf(doc), 1, at)) };
    });
    return view(saved as GoalDoc);
  }

  async list(
    caller: Caller,
    _params: NoInput,
    query: { status?: Goal['status'] | undefined },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof GoalListSchema>> {
    const goals = await this.repo.goalsOf(caller.uid, GOALS_LISTED);
    return {
      goals: goals.filter((g) => !query.status || g.status === query.status).map(view),
    };
  }

  async get(caller: Caller, params: Params, _q: NoInput, _ctx: RequestContext): Promise<View> {
    const doc = await this.repo.goal(params.goal_id);
    if (!doc || doc.user_id !== caller.uid) throw notFound(`Goal ${params.goal_id}`);
    return view(doc);
  }

  /** Archiving is final: an archived goal sets no targets and gets no new path. */
  archive(caller: Caller, params: Params, _input: NoInput, ctx: RequestContext): Promise<View> {
    return this.update(caller, params, { status: 'archived' }, ctx);
  }

  async update(
    caller: Caller,
    params: Params,
    input: z.output<typeof UpdateGoalSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    if (input.targets) await this.checkSkills(input.targets);
    const now = this.clock();
    const at = now.toISOString();
    const saved = await this.repo.saveGoal(params.goal_id, (current) => {
      if (!current || current.user_id !== caller.uid) return undefined;
      const problems = goalChangeProblems(goalOf(current), input, now);
      if (problems.length > 0) throw invalidArgument('This change cannot be made', problems);
      const goal = applyGoalUpdate(goalOf(current), input);
      const revision = current.revision + 1;
      const doc: GoalDoc = { ...current, ...goal, revision, updated_at: at };
      return { doc, event: learnerEventMessage(goalSetEvent(caller.uid, goal, revision, at)) };
    });
    if (!saved) throw notFound(`Goal ${params.goal_id}`);
    return view(saved);
  }

  private checkSkills(targets: readonly { skill_id: string }[]): Promise<void> {
    return this.skills.check(
      targets.map((t, i) => ({ path: `targets.${i}.skill_id`, skill_id: t.skill_id })),
    );
  }
}
