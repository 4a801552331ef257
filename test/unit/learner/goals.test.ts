import {
  applyGoalUpdate,
  CreateGoalSchema,
  goalChangeProblems,
  goalSetEvent,
  UpdateGoalSchema,
  type Goal,
} from '../../../shared/learner/goals';
import { parseLearnerEvent } from '../../../shared/learner/events';

const now = new Date('2026-02-01T00:00:00Z');
const goal: Goal = {
  goal_id: 'g1',
  title: 'Backend developer',
  targets: [{ skill_id: 'python', target_level: 6 }],
  deadline: null,
  status: 'active',
};

describe('goal schemas', () => {
  it('default the deadline to none and refuse a skill listed twice, with its path', () => {
    expect(CreateGoalSchema.parse({ title: ' x ', targets: goal.targets })).toEqual({
      title: 'x',
      targets: goal.targets,
      deadline: null,
    });
    const twice = CreateGoalSchema.safeParse({
      title: 'x',
      targets: [
        { skill_id: 'python', target_level: 6 },
        { skill_id: 'python', target_level: 7 },
      ],
    });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['targets.1.skill_id', 'Skill listed twice'],
    ]);
  });

  it('refuse levels off the 1–10 scale, unknown fields and an empty update', () => {
    expect(
      CreateGoalSchema.safeParse({ title: 'x', targets: [{ skill_id: 'go', target_level: 11 }] })
        .success,
    ).toBe(false);
    expect(UpdateGoalSchema.safeParse({ owner: 'someone' }).success).toBe(false);
    expect(UpdateGoalSchema.safeParse({}).success).toBe(false);
  });
});

describe('goalChangeProblems', () => {
  it('refuses a deadline that has passed, and reopening an archived goal', () => {
    expect(goalChangeProblems(null, { deadline: '2026-01-31T23:59:59Z' }, now)).toEqual([
      { path: 'deadline', message: 'The deadline has already passed' },
    ]);
    expect(goalChangeProblems(null, { deadline: '2026-03-01T00:00:00Z' }, now)).toEqual([]);
    expect(goalChangeProblems({ ...goal, status: 'archived' }, { status: 'active' }, now)).toEqual([
      { path: 'status', message: 'An archived goal stays archived; set a new goal' },
    ]);
    expect(goalChangeProblems(goal, { status: 'archived', deadline: null }, now)).toEqual([]);
  });
});

describe('applyGoalUpdate and goalSetEvent', () => {
  it('change only the given fields; a null deadline clears it', () => {
    const dated = { ...goal, deadline: '2026-06-01T00:00:00Z' };
    expect(applyGoalUpdate(dated, UpdateGoalSchema.parse({ title: 'New' }))).toEqual({
      ...dated,
      title: 'New',
    });
    expect(applyGoalUpdate(dated, UpdateGoalSchema.parse({ deadline: null })).deadline).toBeNull();
  });

  it('give each revision its own deterministic event, valid as a stored event', () => {
    const first = goalSetEvent('u1', goal, 1, '2026-02-01T10:00:00Z');
    expect(goalSetEvent('u1', goal, 1, '2026-02-01T10:00:00Z')).toEqual(first);
    const second = goalSetEvent('u1', { ...goal, status: 'archived' }, 2, '2026-02-01T10:00:00Z');
    expect(second.id).not.toBe(first.id);
    expect(parseLearnerEvent(second)).toEqual(second);
    expect(first.source).toEqual({ type: 'api', id: 'goal:g1:1' });
  });
});
