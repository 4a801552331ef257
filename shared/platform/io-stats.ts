/**
 * Firestore document reads and writes, counted where the repositories touch Firestore, so the
 * progress benchmark can show that a completion costs the same whatever the pathway's size.
 */
export const ioStats = {
  reads: 0,
  writes: 0,
  reset(): void {
    this.reads = 0;
    this.writes = 0;
  },
};

export function countReads(n = 1): void {
  ioStats.reads += n;
}

export function countWrites(n = 1): void {
  ioStats.writes += n;
}
