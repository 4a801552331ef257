/**
 * npm run bench:load [-- 50 200] — N simulated learners, each its own signed-in user, go through
 * enrol → start → progress → complete → quiz attempt → open an upload → PUT the file, against the
 * whole local stack (demo pathway, loopback only), one step at a time with all N at once. The
 * HTTP steps are driven by autocannon (one connection per learner, one request per connection),
 * the PUT by fetch on each learner's signed URL. Prints per step: throughput, p50/p95/p99, errors;
 * PUT complete → submission visible; and the CPU split between this process (functions host,
 * Storage and Tasks emulators, and the load generator itself) and the emulator processes.
 * Figures only: nothing here asserts on time; any error makes the run fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { Services } from '../../functions/services';
import { loadDemoData } from '../seed/load';
import { startStack } from '../local/stack';
import { runMain } from '../cli';
import { learnerToken, MODULE, PATHWAY, QUIZ_ANSWERS, percentiles } from './common';
import { SAMPLE_PNG, SAMPLE_PNG_FILE, signedPutRequest, type OpenedUpload } from './upload-client';

interface Learner {
  token: string;
  upload?: OpenedUpload;
}

interface Step {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  body?: (learner: Learner) => object;
  onBody?: (learner: Learner, body: string) => void;
}

const steps: Step[] = [
  { name: 'enrol', method: 'POST', path: `/api/v1/pathways/${PATHWAY}/enroll` },
  { name: 'start', method: 'POST', path: `/api/v1/users/me/resources/${MODULE}-r1/start` },
  {
    name: 'progress',
    method: 'PUT',
    path: `/api/v1/users/me/resources/${MODULE}-r1/progress`,
    body: () => ({ progress_percentage: 60, watch_time_seconds: 1440 }),
  },
  { name: 'complete', method: 'POST', path: `/api/v1/users/me/resources/${MODULE}-r1/complete` },
  {
    name: 'quiz attempt',
    method: 'POST',
    path: `/api/v1/users/me/resources/${MODULE}-r4/quiz-attempts`,
    body: () => ({ answers: QUIZ_ANSWERS }),
  },
  {
    name: 'open upload',
    method: 'POST',
    path: `/api/v1/users/me/resources/${MODULE}-r3/upload`,
    body: () => SAMPLE_PNG_FILE,
    onBody: (learner, body) => {
      learner.upload = JSON.parse(body) as OpenedUpload;
    },
  },
];

interface Figures {
  step: string;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function figures(step: string, latencies: number[], seconds: number, errors: number): Figures {
  const { p50, p95, p99 } = percentiles(latencies);
  return { step, perSecond: latencies.length / seconds, p50, p95, p99, errors };
}

async function runStep(baseUrl: string, step: Step, learners: Learner[]): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  let finish: (error: Error | null, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
      url: baseUrl,
      connections: learners.length,
      maxConnectionRequests: 1,
      amount: learners.length,
      timeout: 60,
      requests: [
        {
          method: step.method,
          path: step.path,
          setupRequest: (req, context: { learner?: Learner }) => {
            context.learner ??= learners[next++];
            const learner = context.learner as Learner;
            return {
              ...req,
              headers: {
                authorization: `Bearer ${learner.token}`,
                'content-type': 'application/json',
              },
              ...(step.body ? { body: JSON.stringify(step.body(learner)) } : {}),
            };
          },
          onResponse: (status, body, context: { learner?: Learner }) => {
            if (status >= 300) {
              errors += 1;
              if (errors <= 3) console.error(`${step.name}: HTTP ${status} ${body.slice(0, 300)}`);
            } else if (step.onBody && context.learner) step.onBody(context.learner, body);
          },
        },
      ],
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client, _status, _bytes, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  const seconds = (performance.now() - started) / 1000;
  return figures(step.name, latencies, seconds, errors + result.errors + result.timeouts);
}

/** Every learner PUTs its file at once; the time from PUT complete to the submission recorded. */
async function uploadAll(services: Services, learners: Learner[]): Promise<Figures> {
  const started = performance.now();
  let errors = 0;
  const visibleAfter = await Promise.all(
    learners.map(async (learner) => {
      const upload = learner.upload;
      if (!upload) throw new Error('A learner has no upload to PUT');
      const response = await fetch(...signedPutRequest(upload, SAMPLE_PNG));
      await response.arrayBuffer();
      if (response.status !== 200) errors += 1;
      const putDone = performance.now();
      const ref = services.clients.firestore.collection('submissions').doc(upload.submission_id);
      for (;;) {
        if ((await ref.get()).get('status') === 'uploaded') return performance.now() - putDone;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }),
  );
  return figures('PUT → visible', visibleAfter, (performance.now() - started) / 1000, errors);
}

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function emulatorProcesses(): { name: string; pid: number }[] {
  const find = (name: string, pattern: string) => {
    try {
      return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((pid) => ({ name, pid: Number(pid) }));
    } catch {
      return [];
    }
  };
  return [
    ...find('firestore emulator', 'firestore-launcher|cloud-firestore-emulator'),
    ...find('pubsub emulator', 'cloud-pubsub-emulator'),
    ...find('firebase-tools (Auth emulator and launcher)', 'firebase-tools|firebase emulators'),
  ].filter((p) => p.pid !== process.pid);
}

async function round(services: Services, baseUrl: string, n: number): Promise<void> {
  const learners: Learner[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, () => learnerToken(services.clients.auth)),
    );
    learners.push(...batch.map((token) => ({ token })));
  }
  const processes = emulatorProcesses();
  const before = processes.map((p) => cpuSeconds(p.pid));
  const ownBefore = process.cpuUsage();
  const wallStarted = performance.now();

  const rows: Figures[] = [];
  for (const step of steps) rows.push(await runStep(baseUrl, step, learners));
  rows.push(await uploadAll(services, learners));

  const wall = (performance.now() - wallStarted) / 1000;
  const own = process.cpuUsage(ownBefore);
  console.log('');
  console.log(`${n} learners`);
  console.log('step          | req/s  | p50 ms | p95 ms | p99 ms | errors');
  for (const r of rows) {
    const f = (v: number) => v.toFixed(1).padStart(6);
    console.log(
      `${r.step.padEnd(13)} | ${f(r.perSecond)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.errors}`,
    );
  }
  console.log(
    `CPU over ${wall.toFixed(1)} s (2 cores = ${(2 * wall).toFixed(1)} CPU-s available):`,
  );
  console.log(
    `  this process (functions host + Storage/Tasks emulators + load generator): ${((own.user + own.system) / 1e6).toFixed(1)} CPU-s`,
  );
  processes.forEach((p, i) => {
    console.log(
      `  ${p.name} (pid ${p.pid}): ${(cpuSeconds(p.pid) - (before[i] ?? 0)).toFixed(1)} CPU-s`,
    );
  });
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  if (errors > 0) throw new Error(`${errors} request(s) failed`);
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 1000);
  const stack = await startStack({ port: 0 });
  try {
    await loadDemoData(stack.services);
    for (const n of sizes.length > 0 ? sizes : [50, 200]) {
      await round(stack.services, stack.baseUrl, n);
    }
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
