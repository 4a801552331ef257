import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Firestore document reads and writes, counted where the repositories touch Firestore, so the
 * benchmarks can show what a request costs whatever the pathway's size: process-wide in
 * `ioStats`, and per request for whoever listens (`onRequestIo`), since event handlers running
 * in the same process would otherwise add their reads and writes to a request's.
 */
export const ioStats = {
  reads: 0,
  writes: 0,
  reset(): void {
    this.reads = 0;
    this.writes = 0;
  },
};

export interface IoCount {
  reads: number;
  writes: number;
}

/** What one request did, reported when its response has been sent. */
export interface RequestIo extends IoCount {
  functionName: string;
  method: string;
  /** The path the function was reached at, query excluded. */
  path: string;
}

const current = new AsyncLocalStorage<IoCount>();
const listeners = new Set<(io: RequestIo) => void>();

export function countReads(n = 1): void {
  ioStats.reads += n;
  const io = current.getStore();
  if (io) io.reads += n;
}

export function countWrites(n = 1): void {
  ioStats.writes += n;
  const io = current.getStore();
  if (io) io.writes += n;
}

/** Runs `fn` with its own count: what it and everything it awaits reads and writes. */
export function countingIo<T>(io: IoCount, fn: () => T): T {
  return current.run(io, fn);
}

/** Whether anyone listens: counting per request costs nothing otherwise. */
export function requestIoObserved(): boolean {
  return listeners.size > 0;
}

export function reportRequestIo(io: RequestIo): void {
  for (const listener of listeners) listener(io);
}

/** Calls `listener` with every request's count (benchmarks); returns how to stop. */
export function onRequestIo(listener: (io: RequestIo) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
