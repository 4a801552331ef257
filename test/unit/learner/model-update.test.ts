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

function update(results: RefoldResult[]) {
  const calls: { changes: readonly LevelChange[]; eventId: string }[] = [];
  const refold = { refresh: async () => results.shift() as RefoldResult };
  const paths = {
    replanForLevels: async (_u: string, changes: readonly LevelChange[], eventId: string) => {
      calls.push({ changes, eventId });
      return { replanned: ['g1'] };
    },
  };
  return { use: new LearnerModelUpdate(refold as unknown as LearnerModelRefold, paths), calls };
}

describe('LearnerModelUpdate', () => {
  it('replans after a refold that moved a band, naming the last event folded', async () => {
    const change = { skill_id: 'python', from: 3, to: 5 };
    const { use, calls } = update([folded([change])]);
    expect((await use.afterStored('u1', ['e2'])).replanned).toEqual(['g1']);
    expect(calls).toEqual([{ changes: [change], eventId: 'e2' }]);
  });

  it('replans nothing when no band moved or nothing was folded (a redelivery)', async () => {
    const { use, calls } = update([folded([]), folded([], null)]);
    expect((await use.afterStored('u1', ['e2'])).replanned).toEqual([]);
    expect((await use.afterStored('u1', ['e2'])).replanned).toEqual([]);
    expect(calls).toEqual([]);
  });
});
