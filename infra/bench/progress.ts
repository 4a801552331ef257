/**
 * npm run bench:progress — runs inside the emulators and prints:
 *  - for pathways of 10, 100 and 1,000 resources: p50/p95 latency of completing a resource
 *    through the HTTP API next to a bare one-document Firestore transaction, and their ratio;
 *  - Firestore document reads and writes per completion, counted in the repository layer for
 *    that request alone (event handlers running in the same process are not counted);
 *  - where a completion's time goes (progress-split.ts), and the use case against a bare
 *    transaction on the same enrollment document, its fair floor;
 *  - recompute throughput after an outline change on a pathway with 5,000 enrollments, next to
 *    the emulator's ceiling for the same reads and writes (recompute.ts).
 * `-- --only=recompute` prints the recompute's table alone. Figures only: nothing here asserts
 * on time.
 */
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import { documentSize } from '../../shared/platform/document-size';
import { onRequestIo, type IoCount } from '../../shared/platform/io-stats';
import { enrollmentId, ProgressCollections } from '../../shared/progress/model';
import { learnerToken, loadAverage, percentiles, type Percentiles } from './common';
import { completionSplit, type CompletionSplit } from './progress-split';
import { enrollmentWith, fixturePathway } from './progress-fixtures';
import { printRecompute, recomputeFigures } from './recompute';
import { startStack } from '../local/stack';
import { runMain } from '../cli';

const SIZES = [10, 100, 1000];
const SAMPLES = 150;

/** The stack's services: the benchmark writes its fixtures with the same clients. */
let services: Services;
const db = () => services.clients.firestore;

interface Row {
  size: number;
  api: Percentiles;
  bare: Percentiles;
  reads: number;
  writes: number;
  /** Firestore size of an enrollment with every resource completed. */
  enrollmentKib: number;
  split: CompletionSplit;
}

async function completionRow(baseUrl: string, size: number): Promise<Row> {
  const pathway = await fixturePathway(db(), size);
  const latencies: number[] = [];
  let reads = 0;
  let writes = 0;
  let token = await learnerToken(services.clients.auth);
  let next = 0;
  // The completion's own count, reported once its response is sent.
  const counted: IoCount[] = [];
  const stopCounting = onRequestIo((io) => {
    if (io.functionName === 'progressApi' && io.path.endsWith('/complete')) counted.push(io);
  });
  // One warm-up completion per learner is excluded (first touch creates the enrollment).
  for (let i = 0; latencies.length < SAMPLES; i += 1) {
    if (next >= pathway.resourceIds.length) {
      token = await learnerToken(services.clients.auth);
      next = 0;
    }
    const resourceId = pathway.resourceIds[next++] as string;
    const before = counted.length;
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/users/me/resources/${resourceId}/complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`completion answered ${response.status}`);
    if (next === 1) continue;
    latencies.push(elapsed);
    while (counted.length === before) await new Promise((resolve) => setImmediate(resolve));
    const io = counted[before] as IoCount;
    reads += io.reads;
    writes += io.writes;
  }
  stopCounting();

  const bare: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const ref = db()
      .collection('bench')
      .doc(`tx-${size}-${i % 10}`);
    const started = performance.now();
    await db().runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      tx.set(ref, {
        n: ((snap.data()?.n as number | undefined) ?? 0) + 1,
        at: FieldValue.serverTimestamp(),
      });
    });
    bare.push(performance.now() - started);
  }
  const split = await completionSplit(
    baseUrl,
    services,
    pathway,
    SAMPLES / 2,
    Math.min(size - 1, SAMPLES / 2),
  );
  return {
    size,
    split,
    api: percentiles(latencies),
    bare: percentiles(bare),
    reads: reads / latencies.length,
    writes: writes / latencies.length,
    enrollmentKib:
      documentSize(
        `${ProgressCollections.enrollments}/${enrollmentId('bench-learner-0', pathway.id)}`,
        {
          ...enrollmentWith(
            'bench-learner-0',
            pathway.id,
            pathway.outline,
            pathway.resourceIds,
            Timestamp.now(),
          ),
        },
      ) / 1024,
  };
}

function printSplit(rows: readonly Row[]): void {
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log('');
  console.log(
    `Where a completion's time goes (p50 ms; each phase timed on its own once earlier events are handled, ${SAMPLES / 2} completions per size; HTTP, zod, JSON = API settled − auth − use case)`,
  );
  console.log(
    'resources | API | API settled | auth | locate | use case | enrollment tx | rollup | HTTP, zod, JSON | bare tx | bare tx amid events | enrollment',
  );
  for (const { size, api, bare, split } of rows) {
    const http = split.settledApiMs - split.authMs - split.useCaseMs;
    console.log(
      `${String(size).padStart(9)} | ${f(api.p50)} | ${f(split.settledApiMs)}      | ${f(split.authMs)} | ${f(split.locateMs)} | ${f(split.useCaseMs)}   | ${f(split.enrollmentTxMs)}        | ${f(split.rollupMs)} | ${f(http)}          | ${f(bare.p50)}        | ${f(split.bareDuringMs)}              | ${split.enrollmentKib.toFixed(1)} KiB`,
    );
  }
}

async function completionTables(baseUrl: string): Promise<void> {
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await completionRow(baseUrl, size));
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log('');
  console.log(`Completing a resource (${SAMPLES} samples per size; ms)`);
  console.log(
    'resources | API p50 | API p95 | bare-tx p50 | bare-tx p95 | ratio p50 | ratio p95 | reads/completion | writes/completion | full enrollment',
  );
  for (const row of rows) {
    console.log(
      `${String(row.size).padStart(9)} | ${f(row.api.p50)} | ${f(row.api.p95)} | ${f(row.bare.p50)}     | ${f(row.bare.p95)}     | ${f(row.api.p50 / row.bare.p50)}x  | ${f(row.api.p95 / row.bare.p95)}x  | ${row.reads.toFixed(2).padStart(16)} | ${row.writes.toFixed(2).padStart(17)} | ${row.enrollmentKib.toFixed(1)} KiB`,
    );
  }
  printSplit(rows);
  printRatios(rows);
}

/**
 * The goal's ratio (HTTP completion ÷ the bare one-document transaction) beside the fair floor:
 * the use case against a bare transaction on the same enrollment document, at its size.
 */
function printRatios(rows: readonly Row[]): void {
  const x = (n: number) => `${n.toFixed(2)}×`.padStart(6);
  console.log('');
  console.log('Completion ratios (p50; goal: API ÷ bare one-document transaction ≤ 2×)');
  console.log(
    'resources | API ÷ bare tx | API settled ÷ bare tx | use case ÷ enrollment tx (floor) | API settled ÷ enrollment tx | enrollment when timed | every resource completed',
  );
  for (const { size, api, bare, split, enrollmentKib } of rows) {
    console.log(
      `${String(size).padStart(9)} | ${x(api.p50 / bare.p50).padStart(13)} | ${x(split.settledApiMs / bare.p50).padStart(21)} | ${x(split.useCaseMs / split.enrollmentTxMs).padStart(32)} | ${x(split.settledApiMs / split.enrollmentTxMs).padStart(27)} | ${`${split.enrollmentKib.toFixed(1)} KiB`.padStart(21)} | ${enrollmentKib.toFixed(1)} KiB`,
    );
  }
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const stack = await startStack({ port: 0 });
  services = stack.services;
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  try {
    console.log(`bench:progress starts, ${loadAverage()}`);
    if (only !== 'recompute') {
      await completionTables(stack.baseUrl);
      console.log(`(${loadAverage()})`);
    }
    printRecompute(await recomputeFigures(services));
    console.log(`bench:progress ends, ${loadAverage()}`);
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
