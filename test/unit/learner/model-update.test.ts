import type { PathReplanEvent } from '../../../shared/events';
import { LearnerModelUpdate } from '../../../shared/learner/model-update';
import type { LevelChange } from '../../../shared/learner/path-triggers';
import type { LearnerModelRefold, RefoldResult } from '../../../shared/learner/refold';

const folded = (level_changes: LevelChange[], last: string | null = 'e2'): RefoldResult => ({
  folded: last === null ? 0 : 1,
  replayed: false,
  recommendations_changed: 0,
  level_changes,
  last_event_id: last,
});

function update(results: RefoldResult[], replanned: string[] = ['g1']) {
  const calls: { userId: string; changes: readonly LevelChange[]; eventId: string }[] = [];
  const refold = { refresh: async () => results.shift() as RefoldResult };
  const paths = {
    replanForLevels: async (userId: string, changes: readonly LevelChange[], eventId: string) => {
      calls.push({ userId, changes, eventId });
      return { replanned };
    },
  };
  return { use: new LearnerModelUpdate(refold as unknown as LearnerModelRefold, paths), calls };
}

const change = { skill_id: 'python', from: 3, to: 5 };
const message: PathReplanEvent = {
  type: 'path_replan',
  event_id: 'path-replan:u1:e2',
  user_id: 'u1',
  learner_event_id: 'e2',
  changes: [change],
};

describe('LearnerModelUpdate', () => {
  it('refolds after storing and leaves the replan to the message the refold staged', async () => {
    const { use, calls } = update([folded([change])]);
    expect(await use.afterStored('u1', ['e2'])).toMatchObject({ level_changes: [change] });
    expect(calls).toEqual([]);
  });

  it('replans the changed levels of a path-replans message, naming the last event folded', async () => {
    const { use, calls } = update([]);
    expect(await use.replan(message)).toEqual({ replanned: ['g1'] });
    expect(calls).toEqual([{ userId: 'u1', changes: [change], eventId: 'e2' }]);
  });

  it('reports no goal when the replan found every plan unchanged (a redelivery)', async () => {
    const { use } = update([], []);
    expect(await use.replan(message)).toEqual({ replanned: [] });
  });
});
