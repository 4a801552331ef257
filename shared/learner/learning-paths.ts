import type { Caller } from '../auth';
import { failedPrecondition, notFound } from '../errors';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { pathwayProgress } from './catalog-view';
import type { LearnerCatalog } from './catalog-source';
import type { GoalDoc, PathVersionDoc } from './model';
import { emptyModel, levelsAt } from './model-state';
import { diffLearningPaths } from './path-diff';
import { generateLearningPath } from './paths';
import {
  goalsToReplan,
  levelChangeTrigger,
  REQUESTED,
  type LevelChange,
  type PathTrigger,
} from './path-triggers';
import type { PlanningRepository } from './planning-repository';
import { DEFAULT_PREFERENCES } from './profile';
import type { ProfileRepository } from './profile-repository';
import { resourceKey } from './signals';
import type { PathVersionListSchema, PathVersionViewSchema } from './schemas';

type VersionView = ResponseOf<typeof PathVersionViewSchema>;

function versionView(doc: PathVersionDoc): VersionView {
  return {
    ...doc.path,
    goal_id: doc.goal_id,
    version: doc.version,
    created_at: doc.created_at,
    changes: doc.diff,
    trigger: doc.trigger ?? REQUESTED,
  };
}

/**
 * Seed 003's learning paths (`/api/v1/ai/generate-learning-path`, `/api/v1/ai/learning-path`):
 * the path for one of the caller's goals, planned from their current levels (as folded by the
 * consumer, read now), their completed pathways and progress, their weekly hours, and the
 * published tagged catalog. Each path that differs from the goal's latest one is stored as the
 * next immutable version with its diff, so "how did my path change and why" is answerable.
 */
export class LearningPaths {
  constructor(
    private readonly planning: PlanningRepository,
    private readonly profiles: ProfileRepository,
    private readonly catalog: LearnerCatalog,
    private readonly clock: () => Date,
  ) {}

  private async ownGoal(caller: Caller, goalId: string): Promise<GoalDoc> {
    const goal = await this.planning.goal(goalId);
    if (!goal || goal.user_id !== caller.uid) throw notFound(`Goal ${goalId}`);
    return goal;
  }

  async generate(
    caller: Caller,
    _params: NoInput,
    input: { goal_id: string },
    _ctx: RequestContext,
  ): Promise<VersionView> {
    const goal = await this.ownGoal(caller, input.goal_id);
    if (goal.status === 'archived')
      throw failedPrecondition('An archived goal gets no new path', [
        { path: 'goal_id', message: 'The goal is archived' },
      ]);
    const saved = await this.plan(caller.uid, goal, REQUESTED, true);
    if (!saved) throw notFound(`A learning path for goal ${goal.goal_id}`);
    return versionView(saved);
  }

  /**
   * The event consumer's part: levels changed, so every active goal of the learner that targets
   * a changed skill and already has a path is planned again from the new levels; a plan that
   * differs from the latest version is stored as the next version, with the change as its
   * trigger. Idempotent: the same levels give the same plan, which stores nothing.
   */
  async replanForLevels(
    userId: string,
    changes: readonly LevelChange[],
    eventId: string,
  ): Promise<{ replanned: string[] }> {
    if (changes.length === 0) return { replanned: [] };
    const goals = goalsToReplan(await this.planning.goalsOf(userId, 100), changes);
    const replanned: string[] = [];
    for (const goal of goals) {
      const trigger = levelChangeTrigger(goal, changes, eventId);
      const saved = await this.plan(userId, goal, trigger, false);
      // The latest version is returned as it was when nothing changed; a new one carries `trigger`.
      if (saved?.trigger === trigger) replanned.push(goal.goal_id);
    }
    return { replanned };
  }

  /**
   * Plans the goal's path from the learner's current model and stores it as the next version
   * when it differs from the latest; `firstVersion` false leaves a goal without a path alone.
   */
  private async plan(
    userId: string,
    goal: GoalDoc,
    trigger: PathTrigger,
    firstVersion: boolean,
  ): Promise<PathVersionDoc | undefined> {
    const [profile, catalog] = await Promise.all([
      this.profiles.profile(userId),
      this.catalog.plannable(),
    ]);
    const model = profile?.model ?? emptyModel();
    const now = this.clock();
    const levels = levelsAt(model.estimates, now);
    const done = (p: string, r: string) =>
      model.signals.resources[resourceKey(p, r)]?.completed === true;
    const completed = model.signals.completed_pathways;
    const path = generateLearningPath(
      goal,
      {
        levels,
        weekly_hours: (profile?.preferences ?? DEFAULT_PREFERENCES).weekly_hours,
        completed_pathways: completed,
        pathway_progress: pathwayProgress(catalog.outlines, done),
      },
      catalog.pathways,
      now,
    );
    return this.planning.savePathVersion(userId, goal.goal_id, (latest) => {
      if (!latest && !firstVersion) return null;
      if (latest && JSON.stringify(latest.path) === JSON.stringify(path)) return null;
      return {
        version: (latest?.version ?? 0) + 1,
        goal_id: goal.goal_id,
        path,
        diff: latest ? diffLearningPaths(latest.path, path, completed) : null,
        trigger,
        created_at: now.toISOString(),
      };
    });
  }

  /** The latest path of a goal (the newest active goal when none is named). */
  async get(
    caller: Caller,
    _params: NoInput,
    query: { goal_id?: string | undefined },
    _ctx: RequestContext,
  ): Promise<VersionView> {
    const goalId = query.goal_id ?? (await this.newestActiveGoal(caller));
    await this.ownGoal(caller, goalId);
    const latest = await this.planning.latestPath(caller.uid, goalId);
    if (!latest) throw notFound(`A learning path for goal ${goalId}`);
    return versionView(latest.version);
  }

  async versions(
    caller: Caller,
    _params: NoInput,
    query: { goal_id: string },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof PathVersionListSchema>> {
    await this.ownGoal(caller, query.goal_id);
    const versions = await this.planning.pathVersions(caller.uid, query.goal_id);
    return {
      goal_id: query.goal_id,
      versions: versions.map((v) => ({
        version: v.version,
        created_at: v.created_at,
        total_courses: v.path.metadata.total_courses,
        total_hours: v.path.metadata.total_hours,
        changes: v.diff,
        trigger: v.trigger ?? REQUESTED,
      })),
    };
  }

  private async newestActiveGoal(caller: Caller): Promise<string> {
    const goals = await this.planning.goalsOf(caller.uid, 100);
    const active = goals.find((g) => g.status === 'active');
    if (!active) throw notFound('An active goal');
    return active.goal_id;
  }
}
