/**
 * npm run bench:cold-start — for every function of the manifest, the cold start of its deployed
 * entry point (FUNCTION_TARGET set, as on Cloud Run): wall and CPU time from loading the entry to
 * a built functions-framework server, and resident memory then, each next to the same figures for
 * a functions-framework + firebase-admin (app, Firestore, Auth) hello, with their ratios. Every
 * start is a fresh process; runs are interleaved (hello, every function, again) so load from
 * elsewhere on the machine falls on all alike; medians with their spread. Figures only.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runMain } from '../cli';
import { manifest } from '../manifest';
import { HELLO, HELLO_ZOD, type ProbeResult } from './cold-start-probe';
import { median, numberOption } from './common';

const run = promisify(execFile);

/** A production-like environment: a project id, and none of the emulators' variables. */
function probeEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, GOOGLE_CLOUD_PROJECT: 'pathwise-bench' };
}

async function probe(target: string): Promise<ProbeResult> {
  const { stdout } = await run(
    process.execPath,
    [path.join(__dirname, 'cold-start-probe.js'), target],
    { env: probeEnv() },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ProbeResult;
}

interface Summary {
  wall: number[];
  cpu: number[];
  rss: number[];
  modules: number;
}

const spread = (xs: readonly number[]) =>
  `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function main(): Promise<void> {
  const runs = numberOption('runs', 5);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const names = manifest.functions
    .map((fn) => fn.name)
    .filter((name) => !only || only.split(',').includes(name));
  const targets = [HELLO, HELLO_ZOD, ...names];
  const results = new Map<string, Summary>(
    targets.map((t) => [t, { wall: [], cpu: [], rss: [], modules: 0 }]),
  );
  for (let i = 0; i < runs; i += 1) {
    for (const target of targets) {
      const r = await probe(target);
      const s = results.get(target) as Summary;
      s.wall.push(r.wallMs);
      s.cpu.push(r.cpuMs);
      s.rss.push(r.rssMb);
      s.modules = r.modules;
    }
    process.stderr.write(`run ${i + 1}/${runs} done\n`);
  }
  const hello = results.get(HELLO) as Summary;
  const base = { wall: median(hello.wall), cpu: median(hello.cpu), rss: median(hello.rss) };
  console.log(
    `Cold start of each function's entry point (FUNCTION_TARGET) vs a functions-framework + ` +
      `firebase-admin (app, Firestore, Auth) hello; ${runs} fresh processes each, median (min–max)`,
  );
  const header = [
    'function'.padEnd(24),
    'wall ms'.padStart(16),
    '×'.padStart(5),
    'CPU ms'.padStart(16),
    '×'.padStart(5),
    'RSS MB'.padStart(14),
    '×'.padStart(5),
    'modules'.padStart(8),
  ].join(' ');
  console.log(header);
  console.log('-'.repeat(header.length));
  const ratios = { wall: [] as number[], cpu: [] as number[], rss: [] as number[] };
  for (const target of targets) {
    const s = results.get(target) as Summary;
    const m = { wall: median(s.wall), cpu: median(s.cpu), rss: median(s.rss) };
    if (names.includes(target)) {
      ratios.wall.push(m.wall / base.wall);
      ratios.cpu.push(m.cpu / base.cpu);
      ratios.rss.push(m.rss / base.rss);
    }
    console.log(
      [
        target.padEnd(24),
        `${m.wall.toFixed(0)} (${spread(s.wall)})`.padStart(16),
        (m.wall / base.wall).toFixed(2).padStart(5),
        `${m.cpu.toFixed(0)} (${spread(s.cpu)})`.padStart(16),
        (m.cpu / base.cpu).toFixed(2).padStart(5),
        `${m.rss.toFixed(0)} (${spread(s.rss)})`.padStart(14),
        (m.rss / base.rss).toFixed(2).padStart(5),
        String(s.modules).padStart(8),
      ].join(' '),
    );
  }
  const worst = (xs: number[]) => Math.max(...xs).toFixed(2);
  console.log(
    `worst ratio over ${names.length} functions: wall ${worst(ratios.wall)}×, CPU ${worst(ratios.cpu)}×, RSS ${worst(ratios.rss)}× (goal ≤ 1.2×)`,
  );
}

runMain(main, { exitWhenDone: true });
