import {
  coveredMs,
  cutIntoPhases,
  longestMs,
  stallsOf,
} from '../../../../infra/bench/finalize-phases';

describe('cutIntoPhases', () => {
  it('cuts a handler at the ends of its steps, the rest after the last', () => {
    expect(
      cutIntoPhases(100, [
        ['reads', 30],
        ['checks', 32],
        ['transaction', 90],
      ]),
    ).toEqual({ phases: { reads: 30, checks: 2, transaction: 58 }, rest: 10 });
  });

  it('gives a step that did not run 0 and lets the next phase start where the last ended', () => {
    expect(
      cutIntoPhases(50, [
        ['reads', 20],
        ['scan', undefined],
        ['transaction', 45],
      ]),
    ).toEqual({ phases: { reads: 20, scan: 0, transaction: 25 }, rest: 5 });
  });

  it('clamps boundaries out of order or past the end, so the phases add up to the total', () => {
    const { phases, rest } = cutIntoPhases(40, [
      ['a', 25],
      ['b', 10],
      ['c', 70],
    ]);
    expect(phases).toEqual({ a: 25, b: 0, c: 15 });
    expect(rest).toBe(0);
  });
});

describe('coveredMs', () => {
  it('counts overlapping spans once and only inside the window', () => {
    const spans = [
      { start: 0, end: 15 },
      { start: 10, end: 20 },
      { start: 30, end: 40 },
      { start: 95, end: 120 },
    ];
    expect(coveredMs(spans, { start: 5, end: 100 })).toBe(15 + 10 + 5);
  });

  it('is 0 for spans outside the window or none', () => {
    expect(coveredMs([{ start: 0, end: 5 }], { start: 5, end: 10 })).toBe(0);
    expect(coveredMs([], { start: 0, end: 10 })).toBe(0);
  });

  it('handles a span inside another', () => {
    expect(
      coveredMs(
        [
          { start: 0, end: 50 },
          { start: 10, end: 20 },
        ],
        { start: 0, end: 100 },
      ),
    ).toBe(50);
  });
});

describe('longestMs', () => {
  it('is the longest span clipped to the window', () => {
    const spans = [
      { start: 0, end: 30 },
      { start: 40, end: 55 },
    ];
    expect(longestMs(spans, { start: 20, end: 100 })).toBe(15);
    expect(longestMs(spans, { start: 0, end: 100 })).toBe(30);
    expect(longestMs(spans, { start: 60, end: 100 })).toBe(0);
  });
});

describe('stallsOf', () => {
  it('reports the gaps between ticks longer than the period plus the threshold', () => {
    expect(stallsOf([0, 1, 2, 3, 12, 13, 14.5, 40], 1, 4)).toEqual([
      { start: 3, end: 12 },
      { start: 14.5, end: 40 },
    ]);
  });

  it('reports nothing for a loop that kept up, or too few ticks', () => {
    expect(stallsOf([0, 1, 2, 4, 5], 1, 4)).toEqual([]);
    expect(stallsOf([7], 1, 4)).toEqual([]);
  });
});
