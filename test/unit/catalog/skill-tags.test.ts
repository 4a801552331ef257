import { QuizInputSchema } from '../../../shared/catalog/quiz-schemas';
import { CreatePathwaySchema, CreateResourceSchema } from '../../../shared/catalog/schemas';
import { pathwayRefs, resourceRefs } from '../../../shared/catalog/skill-tags';

describe('skill tags on catalog content', () => {
  it('accepts a tagged pathway and lists every skill it references with its field path', () => {
    const input = CreatePathwaySchema.parse({
      title: 'Flask APIs',
      learning: {
        skills: [{ skill_id: 'flask', level: 6 }],
        difficulty: 'intermediate',
        prerequisites: [
          { kind: 'skill', skill_id: 'python', min_level: 4 },
          { kind: 'pathway', pathway_id: 'python-basics' },
        ],
        estimated_hours: 20,
      },
    });
    expect(pathwayRefs(input.learning)).toEqual([
      { path: 'learning.skills.0.skill_id', skill_id: 'flask' },
      { path: 'learning.prerequisites.0.skill_id', skill_id: 'python' },
    ]);
    expect(pathwayRefs(undefined)).toEqual([]);
  });

  it('rejects malformed tags with field paths, and untagged content stays valid', () => {
    const bad = CreatePathwaySchema.safeParse({
      title: 'X',
      learning: { skills: [{ skill_id: 'Python', level: 11 }], difficulty: 'expert' },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'learning.skills.0.skill_id',
        'learning.skills.0.level',
        'learning.difficulty',
        'learning.estimated_hours',
      ]),
    );
    expect(CreatePathwaySchema.safeParse({ title: 'Untagged' }).success).toBe(true);
  });

  it('collects a resource’s tags, skill prerequisites and quiz question skills', () => {
    const input = CreateResourceSchema.parse({
      type: 'quiz',
      title: 'Async quiz',
      learning: {
        skills: [{ skill_id: 'async_programming', level: 5 }],
        prerequisites: [{ kind: 'skill', skill_id: 'python', min_level: 3 }],
      },
      quiz: {
        questions: [
          {
            prompt: 'a?',
            options: ['x', 'y'],
            correct: [0],
            skills: ['async_programming'],
            difficulty: 4.5,
          },
          { prompt: 'b?', options: ['x', 'y'], correct: [1] },
        ],
      },
    });
    expect(resourceRefs(input)).toEqual([
      { path: 'learning.skills.0.skill_id', skill_id: 'async_programming' },
      { path: 'learning.prerequisites.0.skill_id', skill_id: 'python' },
      { path: 'quiz.questions.0.skills.0', skill_id: 'async_programming' },
    ]);
  });

  it('refuses a question difficulty off the half-level grid and a skill listed twice', () => {
    const bad = QuizInputSchema.safeParse({
      questions: [
        { prompt: 'a?', options: ['x', 'y'], skills: ['python', 'python'], difficulty: 4.2 },
      ],
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['questions.0.difficulty', 'questions.0.skills']),
    );
  });
});
