import type { Goal } from './goals';

/**
 * Why a stored learning path gets a new version without being asked for: a level the path was
 * planned from changed. Pure: the refold reports which bands moved, and these rules say which
 * goals' paths depend on them and the sentence the new version carries.
 */

export interface LevelChange {
  skill_id: string;
  /** The band before the events just folded; null when the skill had no evidence. */
  from: number | null;
  to: number | null;
}

/** What made a path version: the learner asking, or levels the consumer saw change. */
export type PathTrigger =
  | { kind: 'requested'; reason: string }
  | { kind: 'level_changed'; reason: string; event_id: string; changes: LevelChange[] };

/** Skills whose band differs between two level maps, in skill order. */
export function levelChanges(
  before: Readonly<Record<string, { level: number }>>,
  after: Readonly<Record<string, { level: number }>>,
): LevelChange[] {
  const skills = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return skills.flatMap((skill_id) => {
    const from = before[skill_id]?.level ?? null;
    const to = after[skill_id]?.level ?? null;
    return from === to ? [] : [{ skill_id, from, to }];
  });
}

/** Active goals that target a changed skill: their paths were planned from the old level. */
export function goalsToReplan<G extends Pick<Goal, 'status' | 'targets'>>(
  goals: readonly G[],
  changes: readonly LevelChange[],
): G[] {
  const changed = new Set(changes.map((c) => c.skill_id));
  return goals.filter(
    (g) => g.status === 'active' && g.targets.some((t) => changed.has(t.skill_id)),
  );
}

const band = (level: number | null) => (level === null ? 'no evidence' : `level ${level}`);

/** "Replanned: async_programming went from level 3 to level 6" (the goal's skills only). */
export function levelChangeTrigger(
  goal: Pick<Goal, 'targets'>,
  changes: readonly LevelChange[],
  eventId: string,
): PathTrigger {
  const targeted = new Set(goal.targets.map((t) => t.skill_id));
  const relevant = changes.filter((c) => targeted.has(c.skill_id));
  return {
    kind: 'level_changed',
    reason: `Replanned: ${relevant
      .map((c) => `${c.skill_id} went from ${band(c.from)} to ${band(c.to)}`)
      .join(', ')}`,
    event_id: eventId,
    changes: relevant,
  };
}

export const REQUESTED: PathTrigger = { kind: 'requested', reason: 'Requested by the learner' };
