import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Auth } from 'firebase-admin/auth';

/** The demo pathway the load benchmarks drive, and the right answers to its first quiz. */
export const PATHWAY = 'image-generation';
export const MODULE = 'foundations-image-gen';
export const QUIZ_ANSWERS = {
  [`${MODULE}-q1`]: [1],
  [`${MODULE}-q2`]: [0, 2],
  [`${MODULE}-q3`]: [0],
};

/** A fresh person in the Auth emulator (named, with a role), signed in over its REST API. */
export async function learner(
  auth: Auth,
  displayName?: string,
  role?: 'instructor' | 'admin',
): Promise<{ uid: string; token: string }> {
  const uid = `bench-${randomUUID().slice(0, 10)}`;
  const email = `${uid}@bench.pathwise.dev`;
  await auth.createUser({ uid, email, password: 'bench-password', displayName });
  if (role) await auth.setCustomUserClaims(uid, { role });
  const response = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=bench`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password', returnSecureToken: true }),
    },
  );
  return { uid, token: ((await response.json()) as { idToken: string }).idToken };
}

/** A fresh learner's ID token. */
export async function learnerToken(auth: Auth): Promise<string> {
  return (await learner(auth)).token;
}

/** Nearest-rank quantile of ascending samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}

/** Nearest-rank percentiles of samples in any order. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** The median of samples in any order. */
export function median(samples: readonly number[]): number {
  return percentiles(samples).p50;
}

/** `p50 12.3 ms, p95 45.6 ms` (and any further figures asked for, in that order). */
export function formatPercentiles(
  figures: Pick<Percentiles, 'p50' | 'p95'> & Partial<Percentiles>,
  digits = 1,
  more: readonly ('p99' | 'max')[] = [],
): string {
  return (['p50', 'p95', ...more] as const)
    .map((name) => `${name} ${(figures[name] ?? NaN).toFixed(digits)} ms`)
    .join(', ');
}

/** Runs `fn`, adds its wall time in ms to `samples` and returns its result. */
export async function timed<T>(samples: number[], fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await fn();
  samples.push(performance.now() - started);
  return result;
}

/** Wall time of `fn` in ms, with its result. */
export async function stopwatch<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/**
 * The machine's load average (1, 5 and 15 minutes, as `uptime` prints it): on a shared machine
 * absolute figures move with it, so each benchmark prints it beside them.
 */
export function loadAverage(): string {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
}

/** A positive integer flag, `--name=value` or `--name value`; the fallback when absent. */
export function numberOption(name: string, fallback: number, argv = process.argv): number {
  const flag = `--${name}`;
  const at = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return fallback;
  const arg = argv[at] as string;
  const value = Number(arg === flag ? argv[at + 1] : arg.slice(flag.length + 1));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive integer`);
  return value;
}
