import { Coalescer } from '../../../shared/platform/coalesce';

/** A run that waits until released, recording the inputs it was handed. */
function gatedRuns() {
  const runs: { key: string; inputs: readonly number[]; release: (fail?: boolean) => void }[] = [];
  const coalescer = new Coalescer<number, string>(
    (key, inputs) =>
      new Promise<string>((resolve, reject) => {
        runs.push({
          key,
          inputs,
          release: (fail) =>
            fail ? reject(new Error(`run ${runs.length} failed`)) : resolve(`${key}:${inputs}`),
        });
      }),
  );
  return { coalescer, runs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  it('runs the first caller at once and every caller during that run in one run after it', async () => {
    const { coalescer, runs } = gatedRuns();
    const first = coalescer.submit('u1', 1);
    await tick();
    const later = [2, 3, 4].map((n) => coalescer.submit('u1', n));
    await tick();
    expect(runs.map((r) => r.inputs)).toEqual([[1]]);
    runs[0]?.release();
    await expect(first).resolves.toBe('u1:1');
    await tick();
    expect(runs.map((r) => r.inputs)).toEqual([[1], [2, 3, 4]]);
    runs[1]?.release();
    await expect(Promise.all(later)).resolves.toEqual(['u1:2,3,4', 'u1:2,3,4', 'u1:2,3,4']);
    expect(coalescer.busy).toBe(0);
  });

  it('keeps keys apart', async () => {
    const { coalescer, runs } = gatedRuns();
    const a = coalescer.submit('a', 1);
    const b = coalescer.submit('b', 2);
    await tick();
    expect(runs.map((r) => [r.key, r.inputs])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    for (const r of runs) r.release();
    await expect(Promise.all([a, b])).resolves.toEqual(['a:1', 'b:2']);
  });

  it('a failed run fails its own callers only; the queued run still runs', async () => {
    const { coalescer, runs } = gatedRuns();
    const first = coalescer.submit('u1', 1);
    await tick();
    const second = coalescer.submit('u1', 2);
    runs[0]?.release(true);
    await expect(first).rejects.toThrow('run 1 failed');
    await tick();
    runs[1]?.release();
    await expect(second).resolves.toBe('u1:2');
  });

  it('a caller after the queued run started waits for a new run, never one that began before it', async () => {
    const { coalescer, runs } = gatedRuns();
    void coalescer.submit('u1', 1);
    await tick();
    const second = coalescer.submit('u1', 2);
    runs[0]?.release();
    await tick();
    expect(runs).toHaveLength(2);
    const third = coalescer.submit('u1', 3);
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]?.release();
    await expect(second).resolves.toBe('u1:2');
    await tick();
    expect(runs.map((r) => r.inputs)).toEqual([[1], [2], [3]]);
    runs[2]?.release();
    await expect(third).resolves.toBe('u1:3');
    expect(coalescer.busy).toBe(0);
  });
});
