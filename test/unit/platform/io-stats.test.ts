import {
  countingIo,
  countReads,
  countWrites,
  ioStats,
  onRequestIo,
  reportRequestIo,
  requestIoObserved,
  type RequestIo,
} from '../../../shared/platform/io-stats';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('per-request I/O counts', () => {
  it('keeps each scope’s reads and writes apart while both run, across awaits', async () => {
    const a = { reads: 0, writes: 0 };
    const b = { reads: 0, writes: 0 };
    await Promise.all([
      countingIo(a, async () => {
        countReads();
        await tick();
        countWrites(2);
        await tick();
        countReads(3);
      }),
      countingIo(b, async () => {
        await tick();
        countWrites();
      }),
    ]);
    expect(a).toEqual({ reads: 4, writes: 2 });
    expect(b).toEqual({ reads: 0, writes: 1 });
  });

  it('leaves a scope’s count alone for work outside it, and still counts the process total', () => {
    ioStats.reset();
    const scoped = { reads: 0, writes: 0 };
    countingIo(scoped, () => countReads());
    countWrites(5);
    expect(scoped).toEqual({ reads: 1, writes: 0 });
    expect({ reads: ioStats.reads, writes: ioStats.writes }).toEqual({ reads: 1, writes: 5 });
  });

  it('reports to listeners while they listen, and says whether anyone does', () => {
    const seen: RequestIo[] = [];
    const io: RequestIo = { functionName: 'f', method: 'GET', path: '/x', reads: 1, writes: 0 };
    expect(requestIoObserved()).toBe(false);
    const stop = onRequestIo((r) => seen.push(r));
    expect(requestIoObserved()).toBe(true);
    reportRequestIo(io);
    stop();
    reportRequestIo(io);
    expect(seen).toEqual([io]);
    expect(requestIoObserved()).toBe(false);
  });
});
