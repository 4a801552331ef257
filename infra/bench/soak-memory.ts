/**
 * Memory of the soak's process over time. The functions host runs in this process (with the
 * Storage and Tasks emulators, the mail sink and the load generator), so its RSS and V8 heap are
 * the host's plus theirs. With `--expose-gc` (the npm script passes it) each sample is taken
 * right after a full collection, so the heap figure is live data, not garbage waiting; growth is
 * the least-squares slope of those samples from minute 2 on (start-up and first-use caches
 * excluded).
 */

const MiB = 1024 * 1024;

export interface MemorySample {
  minute: number;
  rssMiB: number;
  heapMiB: number;
}

export interface MemoryGrowth {
  fromMinute: number;
  toMinute: number;
  heapFirstMiB: number;
  heapLastMiB: number;
  /** Least-squares slopes over the samples, MiB per minute. */
  heapSlope: number;
  rssSlope: number;
}

/** Whether heap samples follow a full collection. */
export const heapAfterGc = typeof globalThis.gc === 'function';

export function sampleMemory(minute: number): MemorySample {
  globalThis.gc?.();
  const memory = process.memoryUsage();
  return { minute, rssMiB: memory.rss / MiB, heapMiB: memory.heapUsed / MiB };
}

/** The least-squares slope of y over x; 0 for fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return 0;
  return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

/** Growth over the samples from `fromMinute` on; undefined with fewer than two of them. */
export function memoryGrowth(
  samples: readonly MemorySample[],
  fromMinute = 2,
): MemoryGrowth | undefined {
  const steady = samples.filter((s) => s.minute >= fromMinute);
  const first = steady[0];
  const last = steady.at(-1);
  if (!first || !last || steady.length < 2) return undefined;
  return {
    fromMinute: first.minute,
    toMinute: last.minute,
    heapFirstMiB: first.heapMiB,
    heapLastMiB: last.heapMiB,
    heapSlope: slope(steady.map((s) => ({ x: s.minute, y: s.heapMiB }))),
    rssSlope: slope(steady.map((s) => ({ x: s.minute, y: s.rssMiB }))),
  };
}
