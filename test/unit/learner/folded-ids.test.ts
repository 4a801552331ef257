import fc from 'fast-check';
import { lateIds, recentFolded } from '../../../shared/learner/folded-ids';

describe('recently folded ids', () => {
  it('keeps the newest ids of both lists, once each, ascending', () => {
    expect(recentFolded(['e1', 'e3'], ['e2', 'e3', 'e5'], 3)).toEqual(['e2', 'e3', 'e5']);
    expect(recentFolded([], ['b', 'a'])).toEqual(['a', 'b']);
  });

  it('never keeps more than asked, and always the largest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 })),
        fc.array(fc.string({ maxLength: 4 })),
        fc.integer({ min: 1, max: 10 }),
        (kept, folded, keep) => {
          const out = recentFolded(kept, folded, keep);
          const all = [...new Set([...kept, ...folded])].sort();
          expect(out).toEqual(all.slice(-keep));
        },
      ),
    );
  });
});

describe('late ids', () => {
  it('nothing is late for a model that folded nothing', () => {
    expect(lateIds(['a', 'b'], null, [])).toEqual([]);
  });

  it('an id above the last folded one is folded by the next read, not late', () => {
    expect(lateIds(['e9'], 'e5', [])).toEqual([]);
  });

  it('an id below the last folded one is late unless the profile kept it as folded', () => {
    expect(lateIds(['e2', 'e3', 'e5'], 'e5', ['e3', 'e4', 'e5'])).toEqual(['e2']);
  });

  it('without kept ids (a profile of an earlier release) every earlier id counts as late', () => {
    expect(lateIds(['e1', 'e4'], 'e5', [])).toEqual(['e1', 'e4']);
  });
});
