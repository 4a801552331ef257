import { z } from 'zod';
import type { ErrorDetail } from '../errors';
import { IsoDateTime, TitleSchema } from '../schemas/common';
import { learnerEvent, type LearnerEventOf } from './events';
import { LevelSchema, SkillIdSchema } from './skills';

/**
 * Learning goals (seed 003 `/api/v1/learning/goals`): target skills and levels with an optional
 * deadline. Every create, update and archive is a `goal_set` event carrying the whole goal, so
 * the goal as of any moment is the last such event.
 */

const TargetsSchema = z
  .array(z.strictObject({ skill_id: SkillIdSchema, target_level: LevelSchema }))
  .min(1)
  .max(50)
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      if (seen.has(t.skill_id))
        ctx.addIssue({ code: 'custom', path: [i, 'skill_id'], message: 'Skill listed twice' });
      seen.add(t.skill_id);
    });
  });

export const CreateGoalSchema = z.strictObject({
  title: TitleSchema,
  targets: TargetsSchema,
  deadline: IsoDateTime.nullable().default(null),
});

export const UpdateGoalSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    targets: TargetsSchema.optional(),
    deadline: IsoDateTime.nullable().optional(),
    status: z.enum(['active', 'achieved', 'archived']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export interface Goal {
  goal_id: string;
  title: string;
  targets: { skill_id: string; target_level: number }[];
  deadline: string | null;
  status: 'active' | 'achieved' | 'archived';
}

/**
 * What a change may not do, with field paths: set a deadline that has passed, or bring an
 * archived goal back (archiving is final; the learner sets a new goal instead).
 */
export function goalChangeProblems(
  before: Goal | null,
  change: { deadline?: string | null; status?: Goal['status'] },
  now: Date,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (change.deadline && Date.parse(change.deadline) <= now.getTime())
    problems.push({ path: 'deadline', message: 'The deadline has already passed' });
  if (before?.status === 'archived' && change.status !== undefined && change.status !== 'archived')
    problems.push({ path: 'status', message: 'An archived goal stays archived; set a new goal' });
  return problems;
}

export function applyGoalUpdate(goal: Goal, update: z.output<typeof UpdateGoalSchema>): Goal {
  return {
    ...goal,
    title: update.title ?? goal.title,
    targets: update.targets ?? goal.targets,
    deadline: update.deadline === undefined ? goal.deadline : update.deadline,
    status: update.status ?? goal.status,
  };
}

/** The event of a goal change; `revision` (1, 2, …) makes each change its own fact. */
export function goalSetEvent(
  userId: string,
  goal: Goal,
  revision: number,
  at: string,
): LearnerEventOf<'goal_set'> {
  return learnerEvent({
    user_id: userId,
    kind: 'goal_set',
    occurred_at: at,
    source: { type: 'api', id: `goal:${goal.goal_id}:${revision}` },
    data: goal,
  });
}
