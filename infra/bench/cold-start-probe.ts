/**
 * One cold start, in a fresh process (cold-start.ts runs it): loads the entry point of the
 * function named in argv (or the hello), builds the server functions-framework serves it from, and
 * prints what that took as one JSON line.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Testing from '@google-cloud/functions-framework/testing';

export const HELLO = 'hello';
export const HELLO_ZOD = 'hello+zod';

/** Loads modules when the clock runs, not when this script starts. */
const load = createRequire(__filename);

export interface ProbeResult {
  /** Wall time from the first require of the entry to a built server. */
  wallMs: number;
  /** CPU time (user + system) over the same span: less sensitive to other load on the machine. */
  cpuMs: number;
  /** Resident set size once ready. */
  rssMb: number;
  /** Modules in the require cache once ready. */
  modules: number;
}

function probe(target: string): ProbeResult {
  const start = performance.now();
  const cpu = process.cpuUsage();
  if (target === HELLO || target === HELLO_ZOD) {
    load('./cold-start-hello');
    // The schema library every Pathwise function validates with, its locales answered with
    // English alone as the entry point has them: the floor above the hello.
    if (target === HELLO_ZOD) {
      load(path.join(__dirname, '..', '..', 'functions', 'english-zod'));
      load('zod');
    }
  } else {
    // functions-framework's target: the deployed entry point loads only this function.
    process.env.FUNCTION_TARGET = target;
    load(path.join(__dirname, '..', '..', 'functions', 'index'));
  }
  // What functions-framework does next on Cloud Run: build the server around the function.
  (load('@google-cloud/functions-framework/testing') as typeof Testing).getTestServer(
    target === HELLO_ZOD ? HELLO : target,
  );
  const used = process.cpuUsage(cpu);
  return {
    wallMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    modules: Object.keys(require.cache).length,
  };
}

// Run as a script by cold-start.ts, which imports only its names and types.
if (require.main === module) {
  const target = process.argv[2];
  if (!target) throw new Error(`usage: cold-start-probe <function name | ${HELLO} | ${HELLO_ZOD}>`);
  process.stdout.write(`${JSON.stringify(probe(target))}\n`);
  process.exit(0);
}
