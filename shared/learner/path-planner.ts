// Over 300 lines: one planning algorithm; its steps (cover, prerequisites, pruning, order) share the plan's state.
import type { Goal } from './goals';
import { difficultyRank, type PathwayLearning } from './skills';

/**
 * Which courses a learning path needs and in what order (paths.ts presents them):
 *
 * 1. Gaps: the goal's targets the learner's current levels do not reach.
 * 2. Cover them greedily: each round takes the course with the most level gain toward open
 *    targets per hour (ties: easier first) until every gap is closed or nothing helps; then drop
 *    any course a later choice made redundant.
 * 3. Resolve prerequisites depth-first: a required pathway not yet completed, or a course that
 *    teaches a required skill level the learner lacks (a course already planned if one does).
 *    Cycles of pathway prerequisites are detected and their courses left out, with a reason; a
 *    link that would make two steps wait for each other is refused and reported.
 * 4. Order: prerequisites first, then easier before harder (Kahn's algorithm; ties by difficulty
 *    band, then highest level taught, then id), so the path progresses beginner → advanced.
 */

export interface CatalogPathway {
  id: string;
  title: string;
  learning: PathwayLearning;
}

export interface PlannerProfile {
  levels: Readonly<Record<string, { level: number; confidence: number }>>;
  weekly_hours: number;
  completed_pathways: readonly string[];
  /** Progress (0–100) of pathways the learner has started. */
  pathway_progress: Readonly<Record<string, number>>;
}

export interface PathGap {
  skill_id: string;
  current_level: number | null;
  target_level: number;
}

/** Pathways on a cycle of pathway prerequisites, each cycle listed once (a → b → a). */
export function findPrerequisiteCycles(catalog: readonly CatalogPathway[]): string[][] {
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const visit = (id: string, path: string[]) => {
    state.set(id, 'visiting');
    const deps = (byId.get(id)?.learning.prerequisites ?? [])
      .flatMap((p) => (p.kind === 'pathway' ? [p.pathway_id] : []))
      .sort();
    for (const dep of deps) {
      if (!byId.has(dep)) continue;
      if (state.get(dep) === 'visiting') cycles.push([...path.slice(path.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep, [...path, dep]);
    }
    state.set(id, 'done');
  };
  for (const id of [...byId.keys()].sort()) if (!state.has(id)) visit(id, [id]);
  return cycles;
}

export const roundHalf = (x: number) => Math.round(x * 2) / 2;

export function teaches(p: CatalogPathway, skill: string): number {
  return p.learning.skills.find((s) => s.skill_id === skill)?.level ?? 0;
}

/** Hours still to spend on a course, given the learner's progress in it (0–100). */
export function remainingHours(p: CatalogPathway, progress: number): number {
  return roundHalf(p.learning.estimated_hours * (1 - progress / 100));
}

const top = (p: CatalogPathway) => Math.max(0, ...p.learning.skills.map((s) => s.level));

/** Easier first: by difficulty band, then by the highest level taught, then by id. */
export function easierFirst(a: CatalogPathway, b: CatalogPathway): number {
  return (
    difficultyRank[a.learning.difficulty] - difficultyRank[b.learning.difficulty] ||
    top(a) - top(b) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

interface Need {
  skill: string;
  min: number;
}

export interface PlannedCourse {
  pathway: CatalogPathway;
  /** Steps that need this one first, with why. */
  prerequisiteFor: Map<string, string>;
  /** Goal skills this step raises, walking the path in order. */
  closes: string[];
}

export interface CoursePlan {
  steps: PlannedCourse[];
  gaps: PathGap[];
  /** Goal skills the plan cannot bring to their target, with why. */
  unmet: Record<string, string>;
  /** Prerequisites no available course satisfies. */
  problems: string[];
  /** Courses the learner may still take (not completed, not on a prerequisite cycle). */
  usable: CatalogPathway[];
}

export function planCourses(
  goal: Pick<Goal, 'targets'>,
  profile: PlannerProfile,
  catalog: readonly CatalogPathway[],
): CoursePlan {
  const sorted = [...catalog].sort((a, b) => (a.id < b.id ? -1 : 1));
  const byId = new Map(sorted.map((p) => [p.id, p]));
  const completed = new Set(profile.completed_pathways);
  const current = (skill: string) => profile.levels[skill]?.level ?? 0;
  const hours = (p: CatalogPathway) => remainingHours(p, profile.pathway_progress[p.id] ?? 0);
  const easier = easierFirst;

  const cycles = findPrerequisiteCycles(sorted);
  const onCycle = new Map<string, string>();
  for (const cycle of cycles) for (const id of cycle) onCycle.set(id, cycle.join(' → '));
  const usable = sorted.filter((p) => !completed.has(p.id) && !onCycle.has(p.id));

  const gaps = goal.targets
    .filter((t) => current(t.skill_id) < t.target_level)
    .map((t) => ({
      skill_id: t.skill_id,
      current_level: profile.levels[t.skill_id]?.level ?? null,
      target_level: t.target_level,
    }));
  /** Whether course c needs pathway `id` first, directly or through its pathway prerequisites. */
  const requires = (c: CatalogPathway, id: string, seen = new Set<string>()): boolean =>
    c.learning.prerequisites.some((p) => {
      if (p.kind !== 'pathway' || seen.has(p.pathway_id)) return false;
      seen.add(p.pathway_id);
      const q = byId.get(p.pathway_id);
      return p.pathway_id === id || (q !== undefined && requires(q, id, seen));
    });
  const reach = new Map<string, number>();
  const reached = (skill: string) => Math.max(current(skill), reach.get(skill) ?? 0);
  const plan = new Map<string, PlannedCourse>();
  /** before.get(x): steps that must come before x. */
  const before = new Map<string, Set<string>>();
  const unmet: Record<string, string> = {};
  const problems: string[] = [];

  const precedes = (a: string, b: string): boolean => {
    const seen = new Set<string>();
    const stack = [b];
    while (stack.length) {
      const x = stack.pop() as string;
      for (const y of before.get(x) ?? []) {
        if (y === a) return true;
        if (!seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
      }
    }
    return false;
  };

  /**
   * What each link needs: the skill levels a skill-prerequisite link asks for (so another planned
   * course teaching them may take it over), or null for a pathway prerequisite, which nothing
   * else can stand in for. Two reasons for the same link are merged, and a pathway one wins.
   */
  const needOf = new Map<string, Need[] | null>();
  const link = (first: PlannedCourse, then: CatalogPathway, why: string, need?: Need) => {
    const key = `${first.pathway.id}>${then.id}`;
    before.get(then.id)?.add(first.pathway.id);
    const said = first.prerequisiteFor.get(then.id);
    first.prerequisiteFor.set(then.id, said && said !== why ? `${said}; ${why}` : why);
    const had = needOf.get(key);
    if (!need || had === null) needOf.set(key, null);
    else needOf.set(key, [...(had ?? []), need]);
  };

  /** Plans a course (linked before the step that needs it, if any), then its prerequisites. */
  const add = (p: CatalogPathway, needed?: { by: CatalogPathway; why: string; need?: Need }) => {
    for (const s of p.learning.skills)
      reach.set(s.skill_id, Math.max(reached(s.skill_id), s.level));
    const planned: PlannedCourse = { pathway: p, prerequisiteFor: new Map(), closes: [] };
    plan.set(p.id, planned);
    before.set(p.id, new Set());
    if (needed) link(planned, needed.by, needed.why, needed.need);
    resolve(p);
  };

  function resolve(p: CatalogPathway) {
    for (const prereq of p.learning.prerequisites) {
      if (prereq.kind === 'pathway') {
        const id = prereq.pathway_id;
        if (completed.has(id)) continue;
        const q = byId.get(id);
        const planned = plan.get(id);
        if (planned) {
          if (precedes(p.id, id))
            problems.push(
              `${p.title} requires ${planned.pathway.title}, which itself needs ${p.title} first`,
            );
          else link(planned, p, `prerequisite for ${p.title}`);
        } else if (!q || onCycle.has(id)) {
          problems.push(
            `${p.title} requires "${id}", which ${q ? `is on a prerequisite cycle (${onCycle.get(id)})` : 'is not available'}`,
          );
        } else {
          add(q, { by: p, why: `prerequisite for ${p.title}` });
        }
        continue;
      }
      const { skill_id: skill, min_level: min } = prereq;
      if (current(skill) >= min) continue;
      const why = `prerequisite for ${p.title}: needs ${skill} level ${min} (you are at ${current(skill) || 'no evidence'})`;
      const planned = [...plan.values()].filter(
        (x) => x.pathway.id !== p.id && teaches(x.pathway, skill) >= min,
      );
      const provider = planned
        .filter((x) => !precedes(p.id, x.pathway.id))
        .sort((a, b) => easier(a.pathway, b.pathway))[0];
      if (provider) {
        link(provider, p, why, { skill, min });
        continue;
      }
      const teachers = usable.filter((c) => !plan.has(c.id) && teaches(c, skill) >= min);
      const candidate = teachers
        .filter((c) => !requires(c, p.id))
        .sort((a, b) => hours(a) - hours(b) || easier(a, b))[0];
      const blocked = planned[0]?.pathway ?? teachers[0];
      if (candidate) add(candidate, { by: p, why, need: { skill, min } });
      else if (blocked)
        problems.push(
          `${p.title} needs ${skill} level ${min}, which only ${blocked.title} teaches, and that needs ${p.title} first`,
        );
      else problems.push(`${p.title} needs ${skill} level ${min}; no available course teaches it`);
    }
  }

  for (;;) {
    const open = gaps.filter((g) => reached(g.skill_id) < g.target_level);
    if (open.length === 0) break;
    const gain = (p: CatalogPathway) =>
      open.reduce(
        (sum, g) =>
          sum + Math.max(0, Math.min(teaches(p, g.skill_id), g.target_level) - reached(g.skill_id)),
        0,
      );
    const best = usable
      .filter((p) => !plan.has(p.id) && gain(p) > 0)
      .sort(
        (a, b) =>
          gain(b) / Math.max(hours(b), 0.5) - gain(a) / Math.max(hours(a), 0.5) || easier(a, b),
      )[0];
    if (!best) break;
    add(best);
  }
  // Greedy choices can be made redundant by later ones (a bigger course, a prerequisite): drop
  // any step without which every target is reached as well, provided whatever needed it first
  // was only a skill level that another planned course also teaches.
  const reachOf = (skill: string, without?: string) =>
    Math.max(
      current(skill),
      ...[...plan.values()]
        .filter((x) => x.pathway.id !== without)
        .map((x) => teaches(x.pathway, skill)),
    );
  const substitutes = (x: PlannedCourse) => {
    const found: { dependent: string; by: PlannedCourse; why: string; needs: Need[] }[] = [];
    for (const [dependent, why] of x.prerequisiteFor) {
      const needs = needOf.get(`${x.pathway.id}>${dependent}`);
      if (!needs) return null;
      const by = [...plan.values()]
        .filter(
          (o) =>
            o !== x &&
            o.pathway.id !== dependent &&
            needs.every((n) => teaches(o.pathway, n.skill) >= n.min) &&
            !precedes(dependent, o.pathway.id),
        )
        .sort((a, b) => easier(a.pathway, b.pathway))[0];
      if (!by) return null;
      found.push({ dependent, by, why, needs });
    }
    return found;
  };
  const dropped = new Set<string>();
  for (;;) {
    const redundant = [...plan.values()]
      .filter(
        (x) =>
          !dropped.has(x.pathway.id) &&
          gaps.every(
            (g) =>
              Math.min(reachOf(g.skill_id, x.pathway.id), g.target_level) >=
              Math.min(reachOf(g.skill_id), g.target_level),
          ) &&
          substitutes(x) !== null,
      )
      .sort((a, b) => hours(b.pathway) - hours(a.pathway) || easier(b.pathway, a.pathway))[0];
    if (!redundant) break;
    const id = redundant.pathway.id;
    dropped.add(id);
    let movedAll = true;
    for (const { dependent, by, why, needs } of substitutes(redundant) ?? []) {
      // Re-checked one by one: two moves could otherwise close a loop between them.
      if (precedes(dependent, by.pathway.id)) {
        movedAll = false;
        continue;
      }
      before.get(dependent)?.delete(id);
      redundant.prerequisiteFor.delete(dependent);
      needOf.delete(`${id}>${dependent}`);
      const then = byId.get(dependent) as CatalogPathway;
      for (const need of needs) link(by, then, why, need);
    }
    if (!movedAll) continue;
    for (const y of before.get(id) ?? []) plan.get(y)?.prerequisiteFor.delete(id);
    plan.delete(id);
    before.delete(id);
  }

  for (const g of gaps) {
    const reachedAtEnd = reachOf(g.skill_id);
    if (reachedAtEnd >= g.target_level) continue;
    const partial = reachedAtEnd > current(g.skill_id);
    const cyclic = sorted.find((p) => onCycle.has(p.id) && teaches(p, g.skill_id) > reachedAtEnd);
    unmet[g.skill_id] = cyclic
      ? `${cyclic.title} teaches ${g.skill_id} but is on a prerequisite cycle (${onCycle.get(cyclic.id)})`
      : `No available course teaches ${g.skill_id} up to level ${g.target_level}${partial ? ` (the path reaches ${reachedAtEnd})` : ''}`;
  }

  // Prerequisites first, then easier before harder.
  const order: PlannedCourse[] = [];
  const placed = new Set<string>();
  while (order.length < plan.size) {
    const ready = [...plan.values()]
      .filter(
        (x) =>
          !placed.has(x.pathway.id) &&
          [...(before.get(x.pathway.id) ?? [])].every((y) => placed.has(y)),
      )
      .sort((a, b) => easier(a.pathway, b.pathway));
    const next = ready[0];
    // Every link is checked against `precedes` before it is made, so the graph has no cycle.
    if (!next) throw new Error('Learning path steps depend on each other in a cycle');
    order.push(next);
    placed.add(next.pathway.id);
  }

  const walked = new Map<string, number>();
  for (const x of order) {
    x.closes = gaps
      .filter((g) => {
        const had = Math.max(current(g.skill_id), walked.get(g.skill_id) ?? 0);
        return had < g.target_level && teaches(x.pathway, g.skill_id) > had;
      })
      .map((g) => g.skill_id);
    for (const t of x.pathway.learning.skills)
      walked.set(t.skill_id, Math.max(walked.get(t.skill_id) ?? 0, t.level));
  }
  return { steps: order, gaps, unmet, problems, usable };
}
