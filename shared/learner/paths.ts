import type { Goal } from './goals';
import {
  planCourses,
  remainingHours,
  easierFirst,
  roundHalf,
  teaches,
  type CatalogPathway,
  type PathGap,
  type PlannedCourse,
  type PlannerProfile,
} from './path-planner';
import type { PathwayDifficulty } from './skills';

/**
 * Seed 003's `generate_learning_path(goal, profile, catalog)` in the seed's response shape: the
 * planned courses (path-planner.ts) as steps, each with the reason it is there; suggested
 * (optional) steps confirming goal skills that meet their target with an uncertain level; hours
 * and weeks from the learner's weekly hours, and the deadline checked when there is one.
 */

export interface PathStep {
  type: 'course';
  id: string;
  title: string;
  skills_covered: string[];
  estimated_hours: number;
  reason: string;
  sequence: number;
  required: boolean;
  difficulty: PathwayDifficulty;
  /** Goal skills this step raises. */
  closes_gaps: string[];
  /** Steps that need this one first. */
  prerequisite_for: string[];
}

export interface LearningPath {
  learning_path: PathStep[];
  metadata: {
    total_courses: number;
    total_hours: number;
    estimated_weeks: number;
    skills_covered: string[];
    remaining_gaps: string[];
    remaining_gap_reasons: Record<string, string>;
    /** Prerequisites no available course satisfies (the steps needing them stay in the path). */
    unmet_prerequisites: string[];
    gaps: PathGap[];
    suggested_courses: number;
    suggested_hours: number;
    weekly_hours: number;
    deadline: string | null;
    weeks_until_deadline: number | null;
    weekly_hours_needed: number | null;
    fits_deadline: boolean | null;
  };
}

/** Confidence below which a met target still earns a suggested confirming course. */
export const CONFIRM_BELOW_CONFIDENCE = 0.5;

const WEEK_MS = 7 * 86_400_000;

export function generateLearningPath(
  goal: Pick<Goal, 'targets' | 'deadline'>,
  profile: PlannerProfile,
  catalog: readonly CatalogPathway[],
  now: Date,
): LearningPath {
  const { steps: order, gaps, unmet, problems, usable } = planCourses(goal, profile, catalog);
  const current = (skill: string) => profile.levels[skill]?.level ?? 0;
  const hours = (p: CatalogPathway) => remainingHours(p, profile.pathway_progress[p.id] ?? 0);
  const planned = new Set(order.map((x) => x.pathway.id));
  const targetOf = new Map(goal.targets.map((t) => [t.skill_id, t.target_level]));
  const steps: PathStep[] = order.map((x, i) => ({
    type: 'course',
    id: x.pathway.id,
    title: x.pathway.title,
    skills_covered: x.pathway.learning.skills.map((s) => s.skill_id),
    estimated_hours: hours(x.pathway),
    reason: reasonFor(x, current, targetOf, profile.pathway_progress[x.pathway.id] ?? 0),
    sequence: i + 1,
    required: true,
    difficulty: x.pathway.learning.difficulty,
    closes_gaps: x.closes,
    prerequisite_for: [...x.prerequisiteFor.keys()],
  }));

  const suggestions = goal.targets
    .filter((t) => {
      const level = profile.levels[t.skill_id];
      return level && level.level >= t.target_level && level.confidence < CONFIRM_BELOW_CONFIDENCE;
    })
    .flatMap((t) => {
      const course = usable
        .filter((c) => !planned.has(c.id) && teaches(c, t.skill_id) >= t.target_level)
        .sort((a, b) => hours(a) - hours(b) || easierFirst(a, b))[0];
      if (!course) return [];
      const level = profile.levels[t.skill_id] as { level: number; confidence: number };
      return [
        {
          course,
          reason: `Optional: confirms ${t.skill_id}; level ${level.level} meets the target ${t.target_level} but is only ${Math.round(level.confidence * 100)}% certain`,
        },
      ];
    })
    .filter((s, i, all) => all.findIndex((o) => o.course.id === s.course.id) === i);
  for (const s of suggestions) {
    steps.push({
      type: 'course',
      id: s.course.id,
      title: s.course.title,
      skills_covered: s.course.learning.skills.map((x) => x.skill_id),
      estimated_hours: hours(s.course),
      reason: s.reason,
      sequence: steps.length + 1,
      required: false,
      difficulty: s.course.learning.difficulty,
      closes_gaps: [],
      prerequisite_for: [],
    });
  }

  const required = steps.filter((s) => s.required);
  const totalHours = roundHalf(required.reduce((sum, s) => sum + s.estimated_hours, 0));
  const weekly = Math.max(0.5, profile.weekly_hours);
  const weeks = Math.ceil(totalHours / weekly);
  const weeksLeft = goal.deadline
    ? Math.max(0, Math.floor((Date.parse(goal.deadline) - now.getTime()) / WEEK_MS))
    : null;
  const skillsCovered = [...new Set(required.flatMap((s) => s.skills_covered))];
  const remaining = Object.keys(unmet).sort();
  return {
    learning_path: steps,
    metadata: {
      total_courses: required.length,
      total_hours: totalHours,
      estimated_weeks: weeks,
      skills_covered: skillsCovered,
      remaining_gaps: remaining,
      remaining_gap_reasons: Object.fromEntries(remaining.map((s) => [s, unmet[s] as string])),
      unmet_prerequisites: problems,
      gaps,
      suggested_courses: steps.length - required.length,
      suggested_hours: roundHalf(
        steps.filter((s) => !s.required).reduce((sum, s) => sum + s.estimated_hours, 0),
      ),
      weekly_hours: weekly,
      deadline: goal.deadline,
      weeks_until_deadline: weeksLeft,
      weekly_hours_needed:
        weeksLeft === null ? null : roundHalf(totalHours / Math.max(1, weeksLeft)),
      fits_deadline: weeksLeft === null ? null : weeks <= weeksLeft,
    },
  };
}

function reasonFor(
  x: PlannedCourse,
  current: (skill: string) => number,
  targetOf: Map<string, number>,
  progress: number,
): string {
  const parts: string[] = [];
  if (x.closes.length > 0) {
    const skills = x.pathway.learning.skills.map((s) => s.skill_id).join(', ');
    const lead = x.pathway.learning.difficulty === 'beginner' ? 'Builds foundation in' : 'Develops';
    const raises = x.closes
      .map(
        (s) =>
          `${s} to level ${teaches(x.pathway, s)} (now ${current(s) || 'no evidence'}, goal ${targetOf.get(s)})`,
      )
      .join(', ');
    parts.push(`${lead} ${skills}; raises ${raises}`);
  }
  const needs = [...x.prerequisiteFor.values()];
  if (needs.length > 0)
    parts.push(x.closes.length > 0 ? `also ${needs.join('; ')}` : needs.join('; '));
  if (progress > 0) parts.push(`${Math.round(progress)}% already done`);
  const reason = parts.join('; ');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}
