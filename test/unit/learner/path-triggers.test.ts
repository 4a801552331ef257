import {
  goalsToReplan,
  levelChanges,
  levelChangeTrigger,
} from '../../../shared/learner/path-triggers';

const goal = (
  id: string,
  skills: string[],
  status: 'active' | 'achieved' | 'archived' = 'active',
) => ({
  id,
  status,
  targets: skills.map((skill_id) => ({ skill_id, target_level: 7 })),
});

describe('path triggers', () => {
  it('lists the skills whose band moved, including newly measured ones', () => {
    expect(
      levelChanges(
        { python: { level: 4 }, sql: { level: 6 } },
        { python: { level: 5 }, sql: { level: 6 }, async: { level: 3 } },
      ),
    ).toEqual([
      { skill_id: 'async', from: null, to: 3 },
      { skill_id: 'python', from: 4, to: 5 },
    ]);
    expect(levelChanges({ sql: { level: 6 } }, { sql: { level: 6 } })).toEqual([]);
  });

  it('replans only active goals that target a changed skill', () => {
    const goals = [
      goal('g1', ['python']),
      goal('g2', ['sql']),
      goal('g3', ['python'], 'archived'),
      goal('g4', ['python'], 'achieved'),
    ];
    expect(goalsToReplan(goals, [{ skill_id: 'python', from: 4, to: 5 }]).map((g) => g.id)).toEqual(
      ['g1'],
    );
  });

  it('says which of the goal’s levels changed, with the event it rests on', () => {
    const trigger = levelChangeTrigger(
      goal('g1', ['python', 'async']),
      [
        { skill_id: 'async', from: null, to: 3 },
        { skill_id: 'python', from: 6, to: 4 },
        { skill_id: 'sql', from: 2, to: 3 },
      ],
      'e1',
    );
    expect(trigger).toEqual({
      kind: 'level_changed',
      reason:
        'Replanned: async went from no evidence to level 3, python went from level 6 to level 4',
      event_id: 'e1',
      changes: [
        { skill_id: 'async', from: null, to: 3 },
        { skill_id: 'python', from: 6, to: 4 },
      ],
    });
  });
});
