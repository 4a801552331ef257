/**
 * What Cloud Run (under Cloud Run functions) accepts for an instance's CPU, memory and request
 * concurrency, and how much memory Pathwise gives an instance per request it serves at once.
 * gcloud passes any combination to the server; the server rejects these, so the manifest test
 * checks every function against them before a deploy does.
 */

export type Memory = '256Mi' | '512Mi' | '1Gi' | '2Gi';

export interface InstanceSize {
  memory: Memory;
  /** vCPUs: a fraction from 0.08 to 1, or a whole 1, 2, 4, 6 or 8. */
  cpu: number;
  /** Requests one instance serves at once. */
  concurrency: number;
}

const MIB: Record<Memory, number> = { '256Mi': 256, '512Mi': 512, '1Gi': 1024, '2Gi': 2048 };

export function memoryMiB(memory: Memory): number {
  return MIB[memory];
}

/**
 * Node 24 with firebase-admin, the gRPC clients (Firestore, Pub/Sub, Tasks) and Storage loaded
 * sits at about 150 MiB before its first request; a request holds its body, a Firestore
 * transaction's reads and its JSON answer, a few MiB at most (bodies are capped at 1 MiB).
 */
export const BASE_MIB = 192;
export const PER_REQUEST_MIB = 4;

/** The least memory an instance serving `concurrency` requests at once is given. */
export function memoryNeededMiB(concurrency: number): number {
  return BASE_MIB + PER_REQUEST_MIB * concurrency;
}

/** Memory ranges (MiB) Cloud Run allows for a whole number of vCPUs. */
const WHOLE_CPU_MEMORY: Record<number, [number, number]> = {
  1: [128, 4096],
  2: [128, 8192],
  4: [2048, 16384],
  6: [4096, 24576],
  8: [4096, 32768],
};

/**
 * Every reason Cloud Run would refuse this size, or Pathwise would run out of memory with it;
 * empty when it is fine.
 */
export function sizeProblems(size: InstanceSize): string[] {
  const { cpu, concurrency } = size;
  const memory = memoryMiB(size.memory);
  const problems: string[] = [];
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    problems.push(`concurrency ${concurrency} is not a whole number from 1 to 1000`);
  }
  if (cpu < 1) {
    if (cpu < 0.08 || Math.round(cpu * 1000) !== cpu * 1000) {
      problems.push(`cpu ${cpu} is not a fraction from 0.08 to 1 in steps of 0.001`);
    }
    if (concurrency > 1) {
      problems.push(`concurrency ${concurrency} needs at least 1 vCPU (cpu is ${cpu})`);
    }
    if (memory > 512 && cpu < 0.5) problems.push(`more than 512Mi needs at least 0.5 vCPU`);
    if (memory > 1024) problems.push(`more than 1Gi needs at least 1 vCPU`);
  } else {
    const range = WHOLE_CPU_MEMORY[cpu];
    if (!range) problems.push(`cpu ${cpu} above 1 must be 2, 4, 6 or 8`);
    else if (memory < range[0] || memory > range[1]) {
      problems.push(`${cpu} vCPU allows ${range[0]}Mi to ${range[1]}Mi, not ${size.memory}`);
    }
  }
  const needed = memoryNeededMiB(concurrency);
  if (memory < needed) {
    problems.push(`concurrency ${concurrency} needs at least ${needed}Mi, not ${size.memory}`);
  }
  return problems;
}
