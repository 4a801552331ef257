/**
 * Where bench:uploads' finalize handler spends its time outside its transaction. Each handler
 * run gets a step log (AsyncLocalStorage), and the steps it awaits are timed from the outside —
 * the submission read, the object reads, the malware scan, the pathway lookup, the transaction —
 * by wrapping their methods in this process only; production code is unchanged. Beside the steps,
 * what the process did meanwhile: event-loop stalls (a 1 ms ticker's gaps, and Node's
 * `monitorEventLoopDelay`), GC pauses, modules loaded, and PUT bodies the in-process Storage
 * emulator was receiving.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay, PerformanceObserver, type ELDHistogram } from 'node:perf_hooks';
import { File } from '@google-cloud/storage';
import { PathwayCache } from '../../shared/catalog/pathway-cache';
import { SubmissionsRepository } from '../../shared/submissions/repository';
import type { MalwareScanner } from '../../shared/submissions/scanner';
import { coveredMs, cutIntoPhases, longestMs, stallsOf, type Span } from './finalize-phases';

/** One finalize run's steps, on `performance.now()`'s clock. */
export interface StepLog {
  handler: Span;
  submissionRead?: Span;
  objectReads: Span[];
  scan?: Span;
  pathway?: Span;
  transaction?: Span;
  /** Modules in the require cache when the handler started and when it ended. */
  modulesBefore: number;
  modulesAfter: number;
}

const current = new AsyncLocalStorage<StepLog>();

async function timeStep<T>(
  set: (log: StepLog, span: Span) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const log = current.getStore();
  if (!log) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    set(log, { start, end: performance.now() });
  }
}

function wrap<O extends object, M extends keyof O>(
  proto: O,
  method: M,
  set: (log: StepLog, span: Span) => void,
): void {
  const original = proto[method] as (...a: unknown[]) => Promise<unknown>;
  (proto as Record<M, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    return timeStep(set, () => original.apply(this, args));
  };
}

/** A scanner that times `inner` (the stack is started with it, see `startStack({ services })`). */
export function timedScanner(inner: MalwareScanner): MalwareScanner {
  return {
    name: inner.name,
    scan: (file, declaredType) =>
      timeStep(
        (log, span) => (log.scan = span),
        () => inner.scan(file, declaredType),
      ),
  };
}

let installed = false;

/** Wraps the steps' methods once; outside a finalize run they behave as always. */
export function installStepTiming(): void {
  if (installed) return;
  installed = true;
  wrap(SubmissionsRepository.prototype, 'get', (log, span) => (log.submissionRead ??= span));
  wrap(File.prototype, 'download', (log, span) => log.objectReads.push(span));
  wrap(PathwayCache.prototype, 'get', (log, span) => (log.pathway ??= span));
}

/** Runs one finalize with a step log; `timeTransaction` marks its transaction. */
export async function withStepLog<T>(
  fn: () => Promise<T>,
  done: (log: StepLog) => void,
): Promise<T> {
  const log: StepLog = {
    handler: { start: performance.now(), end: NaN },
    objectReads: [],
    modulesBefore: Object.keys(require.cache).length,
    modulesAfter: NaN,
  };
  try {
    return await current.run(log, fn);
  } finally {
    log.handler.end = performance.now();
    log.modulesAfter = Object.keys(require.cache).length;
    done(log);
  }
}

/** Times the transaction of the finalize run this is called in. */
export function timeTransaction<T>(fn: () => Promise<T>): Promise<T> {
  return timeStep((log, span) => (log.transaction = span), fn);
}

const TICK_MS = 1;
const STALL_MS = 4;

/**
 * What the process did while handlers ran: a 1 ms ticker's tick times (its gaps are the loop's
 * stalls) and RSS, GC pauses, Node's event-loop delay histogram, and the bench's PUTs. One
 * ticker for the whole process, however many handlers run at once.
 */
export class ProcessWatch {
  private readonly ticks: number[] = [];
  /** The process's RSS at each tick. */
  private readonly rss: number[] = [];
  private readonly gcs: Span[] = [];
  readonly puts: Span[] = [];
  private readonly ticker: NodeJS.Timeout;
  private readonly observer: PerformanceObserver;
  readonly delay: ELDHistogram = monitorEventLoopDelay({ resolution: 1 });

  constructor() {
    this.ticker = setInterval(() => {
      this.ticks.push(performance.now());
      this.rss.push(process.memoryUsage.rss());
    }, TICK_MS);
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        this.gcs.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    this.observer.observe({ entryTypes: ['gc'] });
    this.delay.enable();
  }

  /** Times a PUT the bench makes (its body is received by the emulator in this process). */
  async put<T>(fn: () => Promise<T>): Promise<T> {
    const span = { start: performance.now(), end: NaN };
    try {
      return await fn();
    } finally {
      span.end = performance.now();
      this.puts.push(span);
    }
  }

  /** Indexes of the ticks from `from` ms on (scanning back from the newest: windows are recent). */
  private ticksSince(from: number): number {
    let i = this.ticks.length;
    while (i > 0 && (this.ticks[i - 1] as number) >= from) i -= 1;
    return i;
  }

  /** Loop stalls, GC and PUT time inside `window`. */
  during(window: Span): WindowActivity {
    const first = this.ticksSince(window.start - 1_000);
    const stalls = stallsOf(
      this.ticks.slice(first).filter((t) => t <= window.end + 1_000),
      TICK_MS,
      STALL_MS,
    );
    return {
      stalledMs: coveredMs(stalls, window),
      longestStallMs: longestMs(stalls, window),
      gcMs: coveredMs(this.gcs, window),
      putMs: coveredMs(this.puts, window),
    };
  }

  /** The highest RSS sampled inside `window`, and `floor` if that is higher. */
  peakRss(window: Span, floor: number): number {
    let peak = floor;
    for (let i = this.ticksSince(window.start); i < this.ticks.length; i += 1)
      if ((this.ticks[i] as number) <= window.end) peak = Math.max(peak, this.rss[i] as number);
    return peak;
  }

  stop(): void {
    clearInterval(this.ticker);
    this.observer.disconnect();
    this.delay.disable();
  }
}

export interface WindowActivity {
  stalledMs: number;
  longestStallMs: number;
  gcMs: number;
  /**
   * Time some PUT was open (curl started, not yet exited): the emulator publishes the event when
   * it stores the object, so a handler's start overlaps its own PUT's answer.
   */
  putMs: number;
}

/** A handler's time cut at its steps, and what the process did in each cut. */
export interface FinalizeBreakdown {
  handlerMs: number;
  /** Start → both the submission and the object's first bytes are in. */
  readsMs: number;
  submissionReadMs: number;
  rangedReadMs: number;
  /** Reads in → scan starts: size and type checks (further object reads for containers). */
  checksMs: number;
  scanMs: number;
  /** Scan done → transaction starts: the pathway (cached, or read). */
  pathwayMs: number;
  transactionMs: number;
  /** Transaction done → handler returns. */
  afterMs: number;
  objectReads: number;
  modulesLoaded: number;
  outside: WindowActivity;
  whole: WindowActivity;
}

/** The handler's time outside its transaction, as windows on `performance.now()`'s clock. */
export function outsideTransaction(log: StepLog): Span[] {
  const tx = log.transaction;
  if (!tx) return [log.handler];
  return [
    { start: log.handler.start, end: tx.start },
    { start: tx.end, end: log.handler.end },
  ];
}

export function breakdown(log: StepLog, watch: ProcessWatch): FinalizeBreakdown {
  const t0 = log.handler.start;
  const rel = (ms: number | undefined) => (ms === undefined ? undefined : ms - t0);
  const firstRead = log.objectReads[0];
  const readsEnd = Math.max(log.submissionRead?.end ?? t0, firstRead?.end ?? t0);
  const handlerMs = log.handler.end - t0;
  const { phases, rest } = cutIntoPhases(handlerMs, [
    ['reads', rel(readsEnd)],
    ['checks', rel(log.scan?.start)],
    ['scan', rel(log.scan?.end)],
    ['pathway', rel(log.transaction?.start)],
    ['transaction', rel(log.transaction?.end)],
  ]);
  const whole = watch.during(log.handler);
  const inTx = log.transaction ? watch.during(log.transaction) : undefined;
  const minus = (a: number, b: number | undefined) => Math.max(0, a - (b ?? 0));
  return {
    handlerMs,
    readsMs: phases.reads,
    submissionReadMs: log.submissionRead ? log.submissionRead.end - log.submissionRead.start : NaN,
    rangedReadMs: firstRead ? firstRead.end - firstRead.start : NaN,
    checksMs: phases.checks,
    scanMs: phases.scan,
    pathwayMs: phases.pathway,
    transactionMs: phases.transaction,
    afterMs: rest,
    objectReads: log.objectReads.length,
    modulesLoaded: log.modulesAfter - log.modulesBefore,
    outside: {
      stalledMs: minus(whole.stalledMs, inTx?.stalledMs),
      longestStallMs: whole.longestStallMs,
      gcMs: minus(whole.gcMs, inTx?.gcMs),
      putMs: minus(whole.putMs, inTx?.putMs),
    },
    whole,
  };
}
