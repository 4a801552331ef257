import { memoryGrowth, slope } from '../../../../infra/bench/soak-memory';

describe('slope', () => {
  it('is the least-squares slope: exact on a line, the trend through noise', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 100 + 2 * x })))).toBeCloseTo(2);
    expect(
      slope([
        { x: 0, y: 10 },
        { x: 1, y: 14 },
        { x: 2, y: 12 },
        { x: 3, y: 16 },
      ]),
    ).toBeCloseTo(1.6);
    expect(slope([5, 6, 7].map((x) => ({ x, y: 42 })))).toBe(0);
  });

  it('is 0 when there is no trend to fit', () => {
    expect(slope([])).toBe(0);
    expect(slope([{ x: 1, y: 5 }])).toBe(0);
    expect(
      slope([
        { x: 1, y: 5 },
        { x: 1, y: 9 },
      ]),
    ).toBe(0);
  });
});

describe('memoryGrowth', () => {
  const sample = (minute: number, heapMiB: number, rssMiB = 500) => ({ minute, heapMiB, rssMiB });

  it('leaves out the first minutes (start-up, first-use caches) and fits the rest', () => {
    const growth = memoryGrowth([
      sample(0, 50),
      sample(1, 180),
      sample(2, 200, 600),
      sample(3, 200, 603),
      sample(4, 200, 606),
    ]);
    expect(growth).toEqual({
      fromMinute: 2,
      toMinute: 4,
      heapFirstMiB: 200,
      heapLastMiB: 200,
      heapSlope: 0,
      rssSlope: expect.closeTo(3) as number,
    });
  });

  it('needs two samples after the warm-up', () => {
    expect(memoryGrowth([sample(0, 1), sample(1, 2), sample(2, 3)])).toBeUndefined();
  });
});
