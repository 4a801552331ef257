/** bench:uploads' tables of finalize handlers cut at their steps (finalize-steps.ts). */
import { percentiles } from './common';
import type { FinalizeBreakdown, WindowActivity } from './finalize-steps';

/** `{ owner: ms }` as `owner 12.3 ms, …`, largest first, without owners under 0.5 ms. */
export function formatSplit(split: Record<string, number>): string {
  return Object.entries(split)
    .filter(([, v]) => v >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
    .join(', ');
}

const ms = (n: number, width: number) => (Number.isNaN(n) ? '—' : n.toFixed(1)).padStart(width);

/** One row per upload: the handler cut at its steps, then what the process did outside the transaction. */
export function printBreakdown(
  title: string,
  rows: { label: string; b: FinalizeBreakdown }[],
): void {
  console.log('');
  console.log(title);
  console.log(
    'upload    | handler | reads (submission ‖ ranged) | checks | scan | pathway | transaction | after | outside tx | loop stalled outside tx (longest) | GC outside tx | curl PUT open outside tx | modules loaded',
  );
  for (const { label, b } of rows) {
    const outsideTx = b.handlerMs - b.transactionMs;
    console.log(
      `${label.padEnd(9)} | ${ms(b.handlerMs, 7)} | ${ms(b.readsMs, 6)} (${ms(b.submissionReadMs, 6)} ‖ ${ms(b.rangedReadMs, 6)}) | ${ms(b.checksMs, 6)} | ${ms(b.scanMs, 4)} | ${ms(b.pathwayMs, 7)} | ${ms(b.transactionMs, 11)} | ${ms(b.afterMs, 5)} | ${ms(outsideTx, 10)} | ${ms(b.outside.stalledMs, 22)} (${ms(b.outside.longestStallMs, 6)}) | ${ms(b.outside.gcMs, 13)} | ${ms(b.outside.putMs, 24)} | ${String(b.modulesLoaded).padStart(14)}`,
    );
  }
}

/** Each field's own percentile over `rows` (a summary row of the table). */
export function columnPercentile(
  rows: readonly FinalizeBreakdown[],
  q: 'p50' | 'p95',
): FinalizeBreakdown {
  const at = (pick: (b: FinalizeBreakdown) => number) => percentiles(rows.map(pick))[q];
  const activity = (pick: (b: FinalizeBreakdown) => WindowActivity): WindowActivity => ({
    stalledMs: at((b) => pick(b).stalledMs),
    longestStallMs: at((b) => pick(b).longestStallMs),
    gcMs: at((b) => pick(b).gcMs),
    putMs: at((b) => pick(b).putMs),
  });
  return {
    handlerMs: at((b) => b.handlerMs),
    readsMs: at((b) => b.readsMs),
    submissionReadMs: at((b) => b.submissionReadMs),
    rangedReadMs: at((b) => b.rangedReadMs),
    checksMs: at((b) => b.checksMs),
    scanMs: at((b) => b.scanMs),
    pathwayMs: at((b) => b.pathwayMs),
    transactionMs: at((b) => b.transactionMs),
    afterMs: at((b) => b.afterMs),
    objectReads: at((b) => b.objectReads),
    modulesLoaded: at((b) => b.modulesLoaded),
    outside: activity((b) => b.outside),
    whole: activity((b) => b.whole),
  };
}
