import {
  guessingOf,
  PathwayLearningSchema,
  pathwaySkillRefs,
  QuestionSkillsSchema,
  SkillSchema,
  unknownSkillDetails,
} from '../../../shared/learner/skills';

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('skills list', () => {
  it('takes seed 003 style snake_case ids and rejects others', () => {
    expect(SkillSchema.parse({ id: 'async_programming', name: 'Async programming' })).toEqual({
      id: 'async_programming',
      name: 'Async programming',
      description: '',
      status: 'active',
    });
    expect(issues(SkillSchema.safeParse({ id: 'Async-Programming', name: 'x' }))).toEqual([
      'id: Use lowercase letters and digits joined by "_"',
    ]);
  });
});

describe('pathway learning metadata', () => {
  const valid = {
    skills: [
      { skill_id: 'python', level: 4 },
      { skill_id: 'flask', level: 3 },
    ],
    difficulty: 'beginner',
    prerequisites: [
      { kind: 'skill', skill_id: 'python', min_level: 2 },
      { kind: 'pathway', pathway_id: 'intro-to-programming' },
    ],
    estimated_hours: 20,
  };

  it('accepts skills with levels, difficulty, prerequisites of both kinds and hours', () => {
    expect(PathwayLearningSchema.parse(valid)).toEqual(valid);
  });

  it('names the field of each mistake', () => {
    const result = PathwayLearningSchema.safeParse({
      ...valid,
      skills: [...valid.skills, { skill_id: 'python', level: 11 }],
      prerequisites: [{ kind: 'skill', skill_id: 'flask', min_level: 3 }],
      difficulty: 'expert',
      estimated_hours: 0,
    });
    expect(issues(result)).toEqual(
      expect.arrayContaining([
        'skills.2.level: Too big: expected number to be <=10',
        'difficulty: Invalid option: expected one of "beginner"|"intermediate"|"advanced"',
        'estimated_hours: Too small: expected number to be >0',
      ]),
    );
  });

  it('refuses a skill listed twice and a prerequisite at or above the level taught', () => {
    const result = PathwayLearningSchema.safeParse({
      ...valid,
      skills: [...valid.skills, { skill_id: 'python', level: 5 }],
      prerequisites: [{ kind: 'skill', skill_id: 'flask', min_level: 3 }],
    });
    expect(issues(result)).toEqual([
      'skills.2.skill_id: Skill listed twice',
      'prerequisites.0.min_level: A pathway cannot require the level it teaches',
    ]);
  });

  it('reports unknown and retired skills with their paths', () => {
    const meta = PathwayLearningSchema.parse(valid);
    const skills = new Map([
      ['python', { status: 'active' as const }],
      ['flask', { status: 'retired' as const }],
    ]);
    expect(unknownSkillDetails(pathwaySkillRefs(meta), skills)).toEqual([
      { path: 'skills.1.skill_id', message: 'Skill flask is retired' },
    ]);
    expect(unknownSkillDetails(pathwaySkillRefs(meta), new Map())).toHaveLength(3);
    expect(unknownSkillDetails(pathwaySkillRefs(meta), skills, true)).toEqual([]);
  });
});

describe('question tags', () => {
  it('take whole or half levels of difficulty', () => {
    expect(QuestionSkillsSchema.safeParse({ skills: ['sql'], difficulty: 6.5 }).success).toBe(true);
    expect(
      issues(QuestionSkillsSchema.safeParse({ skills: ['sql', 'sql'], difficulty: 6.3 })),
    ).toEqual(['difficulty: Use whole or half levels', 'skills: Skill listed twice']);
  });

  it('derive the chance of a lucky guess from the options', () => {
    expect(guessingOf(4, 1)).toBe(0.25);
    expect(guessingOf(4, 2)).toBe(1 / 15);
  });
});
