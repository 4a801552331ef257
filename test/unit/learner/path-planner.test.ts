import {
  easierFirst,
  findPrerequisiteCycles,
  planCourses,
  remainingHours,
  type CatalogPathway,
  type PlannerProfile,
} from '../../../shared/learner/path-planner';
import type { PathwayDifficulty, Prerequisite } from '../../../shared/learner/skills';

const course = (
  id: string,
  difficulty: PathwayDifficulty,
  skills: Record<string, number>,
  hours: number,
  prerequisites: Prerequisite[] = [],
): CatalogPathway => ({
  id,
  title: id.toUpperCase(),
  learning: {
    difficulty,
    estimated_hours: hours,
    prerequisites,
    skills: Object.entries(skills).map(([skill_id, level]) => ({ skill_id, level })),
  },
});
const needs = (pathway_id: string): Prerequisite => ({ kind: 'pathway', pathway_id });
const profile: PlannerProfile = {
  levels: {},
  weekly_hours: 5,
  completed_pathways: [],
  pathway_progress: {},
};

describe('findPrerequisiteCycles', () => {
  it('finds each cycle once, including a pathway that requires itself', () => {
    const catalog = [
      course('a', 'beginner', { x: 1 }, 1, [needs('b')]),
      course('b', 'beginner', { x: 1 }, 1, [needs('c')]),
      course('c', 'beginner', { x: 1 }, 1, [needs('a'), needs('gone')]),
      course('d', 'beginner', { x: 1 }, 1, [needs('d')]),
      course('e', 'beginner', { x: 1 }, 1, [needs('a')]),
    ];
    expect(findPrerequisiteCycles(catalog)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'd'],
    ]);
  });

  it('finds none in a tree', () => {
    expect(
      findPrerequisiteCycles([
        course('a', 'beginner', { x: 1 }, 1),
        course('b', 'beginner', { x: 1 }, 1, [needs('a')]),
        course('c', 'beginner', { x: 1 }, 1, [needs('a'), needs('b')]),
      ]),
    ).toEqual([]);
  });
});

describe('planCourses', () => {
  it('drops a greedy choice that a later one made redundant', () => {
    // Cheapest gain per hour first picks the small course; the big one is needed for sql anyway.
    const plan = planCourses(
      {
        targets: [
          { skill_id: 'python', target_level: 3 },
          { skill_id: 'sql', target_level: 5 },
        ],
      },
      profile,
      [
        course('small', 'beginner', { python: 3 }, 2),
        course('big', 'beginner', { python: 3, sql: 5 }, 10),
      ],
    );
    expect(plan.steps.map((s) => [s.pathway.id, s.closes])).toEqual([['big', ['python', 'sql']]]);
  });

  it('uses a planned course to satisfy a skill prerequisite rather than adding another', () => {
    const plan = planCourses(
      {
        targets: [
          { skill_id: 'python', target_level: 5 },
          { skill_id: 'django', target_level: 5 },
        ],
      },
      profile,
      [
        course('python-2', 'beginner', { python: 5 }, 10),
        course('python-1', 'beginner', { python: 4 }, 5),
        course('django', 'intermediate', { django: 5 }, 10, [
          { kind: 'skill', skill_id: 'python', min_level: 4 },
        ]),
      ],
    );
    expect(plan.steps.map((s) => s.pathway.id)).toEqual(['python-2', 'django']);
    expect([...plan.steps[0]!.prerequisiteFor.values()]).toEqual([
      'prerequisite for DJANGO: needs python level 4 (you are at no evidence)',
    ]);
  });

  it('never drops a pathway prerequisite, even when the same step also supplies a skill level', () => {
    // c2 is both c3's pathway prerequisite and the easiest planned course teaching sql 1; c1
    // also teaches sql 1, which once let the skill link replace the pathway link and drop c2.
    const plan = planCourses({ targets: [{ skill_id: 'python', target_level: 2 }] }, profile, [
      course('c1', 'advanced', { sql: 1, python: 1 }, 1),
      course('c2', 'beginner', { sql: 1, python: 1 }, 1, [needs('c1')]),
      course('c3', 'beginner', { python: 2 }, 1, [
        needs('c2'),
        { kind: 'skill', skill_id: 'sql', min_level: 1 },
      ]),
    ]);
    expect(plan.steps.map((s) => s.pathway.id)).toEqual(['c1', 'c2', 'c3']);
    expect(plan.steps[1]!.prerequisiteFor.get('c3')).toBe(
      'prerequisite for C3; prerequisite for C3: needs sql level 1 (you are at no evidence)',
    );
  });

  it('lets one planned course supply two skill levels, with both reasons on its link', () => {
    const plan = planCourses({ targets: [{ skill_id: 'web', target_level: 6 }] }, profile, [
      course('html', 'beginner', { html: 3, css: 3 }, 8),
      course('all', 'beginner', { html: 3, css: 3, web: 2 }, 12),
      course('web', 'intermediate', { web: 6 }, 10, [
        { kind: 'skill', skill_id: 'html', min_level: 3 },
        { kind: 'skill', skill_id: 'css', min_level: 3 },
      ]),
    ]);
    expect(plan.steps.map((s) => s.pathway.id)).toEqual(['html', 'web']);
    expect(plan.steps[0]!.prerequisiteFor.get('web')).toBe(
      'prerequisite for WEB: needs html level 3 (you are at no evidence); prerequisite for WEB: needs css level 3 (you are at no evidence)',
    );
    expect(plan.problems).toEqual([]);
  });

  it('reports a prerequisite no course satisfies, and keeps the step', () => {
    const plan = planCourses({ targets: [{ skill_id: 'k8s', target_level: 4 }] }, profile, [
      course('k8s', 'advanced', { k8s: 6 }, 30, [
        { kind: 'skill', skill_id: 'linux', min_level: 5 },
        needs('missing'),
      ]),
    ]);
    expect(plan.steps.map((s) => s.pathway.id)).toEqual(['k8s']);
    expect(plan.problems).toEqual([
      'K8S needs linux level 5; no available course teaches it',
      'K8S requires "missing", which is not available',
    ]);
    expect(plan.unmet).toEqual({});
  });

  it('says how far the path gets when no course reaches a target', () => {
    const plan = planCourses({ targets: [{ skill_id: 'go', target_level: 8 }] }, profile, [
      course('go', 'beginner', { go: 4 }, 10),
    ]);
    expect(plan.unmet).toEqual({
      go: 'No available course teaches go up to level 8 (the path reaches 4)',
    });
  });
});

describe('helpers', () => {
  it('count only the hours left of a started course', () => {
    expect(remainingHours(course('a', 'beginner', { x: 1 }, 15), 30)).toBe(10.5);
  });

  it('order courses by band, then by the highest level taught, then by id', () => {
    const list = [
      course('c', 'advanced', { x: 1 }, 1),
      course('b', 'beginner', { x: 4 }, 1),
      course('a', 'beginner', { x: 4 }, 1),
      course('z', 'beginner', { x: 2 }, 1),
    ];
    expect([...list].sort(easierFirst).map((c) => c.id)).toEqual(['z', 'a', 'b', 'c']);
  });
});
