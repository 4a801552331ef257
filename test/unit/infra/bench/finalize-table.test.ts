import type { FinalizeBreakdown } from '../../../../infra/bench/finalize-steps';
import { columnPercentile, formatSplit } from '../../../../infra/bench/finalize-table';

const activity = (ms: number) => ({ stalledMs: ms, longestStallMs: ms, gcMs: ms, putMs: ms });

function row(handlerMs: number, transactionMs: number): FinalizeBreakdown {
  return {
    handlerMs,
    readsMs: handlerMs - transactionMs,
    submissionReadMs: 1,
    rangedReadMs: 2,
    checksMs: 0,
    scanMs: 0,
    pathwayMs: 0,
    transactionMs,
    afterMs: 0,
    objectReads: 1,
    modulesLoaded: 0,
    outside: activity(handlerMs - transactionMs),
    whole: activity(handlerMs),
  };
}

describe('formatSplit', () => {
  it('lists owners largest first and leaves out those under half a millisecond', () => {
    expect(formatSplit({ GC: 3.21, 'Storage emulator': 40, idle: 0.4, bench: 0.5 })).toBe(
      'Storage emulator 40.0 ms, GC 3.2 ms, bench 0.5 ms',
    );
    expect(formatSplit({})).toBe('');
  });
});

describe('columnPercentile', () => {
  it("takes each column's own percentile, so a row need not add up", () => {
    const rows = [row(100, 90), row(200, 20), row(300, 250)];
    const p50 = columnPercentile(rows, 'p50');
    expect(p50.handlerMs).toBe(200);
    expect(p50.transactionMs).toBe(90);
    expect(p50.readsMs).toBe(50);
    expect(p50.outside.gcMs).toBe(50);
    expect(p50.whole.stalledMs).toBe(200);
    expect(columnPercentile(rows, 'p95').handlerMs).toBe(300);
  });
});
