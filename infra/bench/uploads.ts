// Over 300 lines: one benchmark script; its instrumentation, fixtures and two runs read best together.
/**
 * npm run bench:uploads — runs inside the emulators and prints:
 *  - the finalize handler's bytes read, Firestore reads and writes (that request's own) and time,
 *    and the functions process's peak memory for a 1 MB and a 50 MB upload (object bytes on disk
 *    in the local Storage emulator; the PUT comes from curl in another process), which must not
 *    grow with the file;
 *  - beside the handler's time, the emulator's ceiling for the same I/O in the same run
 *    (finalize-ceiling.ts): its transaction replayed bare on copies of the same documents, the
 *    ranged read and the submission read alone, and the handler ÷ those;
 *  - PUT-complete-to-submission-visible latency (p50/p95) for 20 concurrent uploads, with the
 *    handler, its transaction and the bare replays at the same concurrency;
 *  - each handler cut at its steps, with what this process did outside its transaction (loop
 *    stalls, GC, CPU by owner: finalize-steps.ts, cpu-split.ts). `--storage-process` runs the
 *    Storage emulator in a child process, to tell its work from the functions'.
 * Figures only: nothing here asserts on time.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Services } from '../../functions/services';
import type { Caller } from '../../shared/auth';
import type { StorageObjectData } from '../../shared/platform/functions';
import { CreateResourceSchema } from '../../shared/catalog/schemas';
import { onRequestIo, type RequestIo } from '../../shared/platform/io-stats';
import { EnrollmentWriter } from '../../shared/progress/enrollment-writer';
import { FinalizeUpload } from '../../shared/submissions/finalize';
import { finalizeStats } from '../../shared/submissions/object-head';
import { SubmissionCollections } from '../../shared/submissions/model';
import { formatPercentiles, learnerToken, loadAverage, percentiles } from './common';
import {
  finalizeCeiling,
  printFinalizeCeiling,
  recordTransactions,
  replay,
  type CeilingRow,
  type RecordedTransaction,
} from './finalize-ceiling';
import {
  breakdown,
  installStepTiming,
  outsideTransaction,
  ProcessWatch,
  timedScanner,
  timeTransaction,
  withStepLog,
  type FinalizeBreakdown,
  type StepLog,
} from './finalize-steps';
import { passThroughScanner } from '../../shared/submissions/scanner';
import { cpuSplit, InProcessProfiler } from './cpu-split';
import { columnPercentile, formatSplit, printBreakdown } from './finalize-table';
import { openUploadRequest, type OpenedUpload } from './upload-client';
import { startStack, type Stack } from '../local/stack';
import { runMain } from '../cli';

const MB = 1024 * 1024;

/** The stack's services: fixtures are written through the same use cases and clients. */
let services: Services;
/** Loop stalls, GC pauses and PUT bodies while handlers run (finalize-steps.ts). */
let watch: ProcessWatch;
installStepTiming();

/**
 * The handler's own footprint: RSS sampled every millisecond while `finalize` runs (by the one
 * ticker of `watch`), and its steps (finalize-steps.ts). The local Storage emulator shares this
 * process, so the process-wide peak also shows its receive buffers.
 */
const handlerPeaks: {
  growthMb: number;
  ms: number;
  object: StorageObjectData;
  steps: StepLog;
}[] = [];
const finalize = FinalizeUpload.prototype.finalize;
FinalizeUpload.prototype.finalize = async function (
  this: FinalizeUpload,
  ...args: Parameters<typeof finalize>
) {
  const start = process.memoryUsage.rss();
  return withStepLog(
    () => finalize.apply(this, args),
    (steps) => {
      const peak = watch.peakRss(steps.handler, Math.max(start, process.memoryUsage.rss()));
      handlerPeaks.push({
        growthMb: (peak - start) / MB,
        ms: steps.handler.end - steps.handler.start,
        object: args[0],
        steps,
      });
    },
  );
};

/** Each finalize delivery's own Firestore reads and writes. */
const finalizeIo: RequestIo[] = [];
onRequestIo((io) => {
  if (io.functionName === 'onSubmissionUploaded') finalizeIo.push(io);
});

/**
 * Finalize's one transaction (the enrollment writer's), timed apart from the rest of the handler
 * and recorded, so that the same reads and writes can be replayed bare.
 */
const finalizeTx: number[] = [];
const recordedTx: RecordedTransaction[] = [];
const write = EnrollmentWriter.prototype.write;
EnrollmentWriter.prototype.write = async function (
  this: EnrollmentWriter,
  ...args: Parameters<typeof write>
) {
  if (!args[0].requestId.startsWith('finalize:')) return write.apply(this, args);
  const started = performance.now();
  try {
    return await timeTransaction(() =>
      recordTransactions(
        () => write.apply(this, args),
        (tx) => recordedTx.push(tx),
      ),
    );
  } finally {
    finalizeTx.push(performance.now() - started);
  }
};

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Linux lets a process reset its own peak-RSS mark, so each case has its own peak. */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

async function fixture(): Promise<{ pathwayId: string; resourceId: string }> {
  const owner: Caller = {
    uid: 'bench-instructor',
    role: 'instructor',
    email: undefined,
    name: undefined,
  };
  const pathwayId = `bench-uploads-${randomUUID().slice(0, 6)}`;
  const { catalog } = services;
  const ctx = { requestId: 'bench' };
  await catalog.pathways.create(owner, {}, { id: pathwayId, title: 'Upload bench' }, ctx);
  await catalog.modules.create(
    owner,
    { pathway_id: pathwayId },
    { id: `${pathwayId}-m1`, title: 'Uploads' },
    ctx,
  );
  const resourceId = `${pathwayId}-project`;
  await catalog.resources.create(
    owner,
    { module_id: `${pathwayId}-m1` },
    CreateResourceSchema.parse({
      id: resourceId,
      type: 'project',
      title: 'Big file',
      requires_upload: true,
      accepted_file_types: ['application/pdf'],
      max_file_size_mb: 50,
    }),
    ctx,
  );
  await catalog.pathways.publish(owner, { pathway_id: pathwayId }, {}, ctx);
  return { pathwayId, resourceId };
}

async function open(
  stack: Stack,
  token: string,
  pathwayId: string,
  resourceId: string,
  size: number,
): Promise<OpenedUpload> {
  await fetch(`${stack.baseUrl}/api/v1/pathways/${pathwayId}/enroll`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  const response = await fetch(
    ...openUploadRequest(stack.baseUrl, token, resourceId, {
      file_name: 'big.pdf',
      content_type: 'application/pdf',
      size_bytes: size,
    }),
  );
  if (response.status !== 201)
    throw new Error(`open upload answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OpenedUpload;
}

function pdfFile(dir: string, size: number): string {
  const file = path.join(dir, `upload-${size}.pdf`);
  const body = Buffer.alloc(size, 0x20);
  body.write('%PDF-1.7\n', 0, 'latin1');
  writeFileSync(file, body);
  return file;
}

/** The PUT comes from curl, another process, so its buffers are not counted here. */
async function curlPut(opened: OpenedUpload, file: string): Promise<void> {
  const headers = Object.entries(opened.upload.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await watch.put(() =>
    promisify(execFile)('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'PUT',
      ...headers,
      '--data-binary',
      `@${file}`,
      opened.upload.url,
    ]),
  );
  if (stdout !== '200') throw new Error(`PUT answered ${stdout}`);
}

function visible(submissionId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const unsubscribe = services.clients.firestore
      .collection(SubmissionCollections.submissions)
      .doc(submissionId)
      .onSnapshot((snap) => {
        const status = snap.data()?.status as string | undefined;
        if (status && status !== 'awaiting_upload' && status !== 'scan_pending') {
          unsubscribe();
          if (status === 'uploaded') resolve(performance.now());
          else reject(new Error(`submission ended ${status}`));
        }
      }, reject);
  });
}

/** One upload at a time, each size twice: the handler's figures, then its ceiling. */
async function singleUploads(stack: Stack, pathwayId: string, resourceId: string, dir: string) {
  console.log('');
  console.log('Finalize handler per upload (objects on disk; PUT from curl)');
  console.log(
    'file size | bytes read | reads | writes | handler RSS growth | handler time | of which the transaction | process peak growth (PUT+finalize)',
  );
  const rows: CeilingRow[] = [];
  const steps: {
    label: string;
    b: FinalizeBreakdown;
    delayMaxMs: number;
    cpu: Record<string, number>;
  }[] = [];
  for (const [i, size] of [1 * MB, 50 * MB, 1 * MB, 50 * MB].entries()) {
    const file = pdfFile(dir, size);
    const token = await learnerToken(services.clients.auth);
    const opened = await open(stack, token, pathwayId, resourceId, size);
    const done = visible(opened.submission_id);
    resetPeak();
    const before = peakRssMb();
    const readBefore = finalizeStats.bytesRead;
    const handled = handlerPeaks.length;
    const delivered = finalizeIo.length;
    watch.delay.reset();
    const profiler = new InProcessProfiler();
    await profiler.start();
    await curlPut(opened, file);
    await done;
    while (handlerPeaks.length === handled || finalizeIo.length === delivered)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const delayMaxMs = watch.delay.max / 1e6;
    const { profile, clockOffsetMs } = await profiler.stop();
    const io = finalizeIo[finalizeIo.length - 1] as RequestIo;
    const tx = finalizeTx[finalizeTx.length - 1] ?? NaN;
    const peak = peakRssMb();
    const handler = handlerPeaks[handlerPeaks.length - 1] as (typeof handlerPeaks)[number];
    console.log(
      `${`${size / MB} MB`.padStart(9)} | ${String(finalizeStats.bytesRead - readBefore).padStart(10)} | ${String(io.reads).padStart(5)} | ${String(io.writes).padStart(6)} | ${handler.growthMb.toFixed(2).padStart(16)} MB | ${handler.ms.toFixed(0).padStart(10)} ms | ${tx.toFixed(0).padStart(21)} ms | ${(peak - before).toFixed(1).padStart(24)} MB`,
    );
    const ceiling = await finalizeCeiling(
      services.clients.firestore,
      services.clients.submissionsBucket,
      recordedTx[recordedTx.length - 1] as RecordedTransaction,
      handler.object,
      `${SubmissionCollections.submissions}/${opened.submission_id}`,
    );
    rows.push({ size, handlerMs: handler.ms, txMs: tx, ceiling });
    const label = `${size / MB} MB #${Math.floor(i / 2) + 1}`;
    steps.push({
      label,
      b: breakdown(handler.steps, watch),
      delayMaxMs,
      cpu: cpuSplit(profile, clockOffsetMs, outsideTransaction(handler.steps)),
    });
  }
  printFinalizeCeiling(rows);
  printBreakdown(
    'Where each handler above spent its time (ms; cut at its steps; a loop stall delays whatever the handler awaits)',
    steps,
  );
  for (const { label, delayMaxMs, cpu } of steps)
    console.log(
      `  ${label}: event-loop delay during PUT + finalize (monitorEventLoopDelay) max ${delayMaxMs.toFixed(1)} ms; this process's CPU outside the transaction: ${formatSplit(cpu)}`,
    );
}

/** 20 learners' uploads at once; then the same 20 transactions replayed bare, at once. */
async function concurrentUploads(stack: Stack, pathwayId: string, resourceId: string, dir: string) {
  const file = pdfFile(dir, 1 * MB);
  const tokens = await Promise.all(
    Array.from({ length: 20 }, () => learnerToken(services.clients.auth)),
  );
  const opened = await Promise.all(
    tokens.map((t) => open(stack, t, pathwayId, resourceId, 1 * MB)),
  );
  const handledBefore = handlerPeaks.length;
  const txBefore = finalizeTx.length;
  const recordedBefore = recordedTx.length;
  const profiler = new InProcessProfiler();
  await profiler.start();
  const latencies = await Promise.all(
    opened.map(async (o) => {
      const seen = visible(o.submission_id);
      await curlPut(o, file);
      const putDone = performance.now();
      return (await seen) - putDone;
    }),
  );
  // A submission is visible at its commit, a moment before its handler returns.
  while (handlerPeaks.length < handledBefore + opened.length)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const { profile, clockOffsetMs } = await profiler.stop();
  const handled = handlerPeaks.slice(handledBefore);
  const handler = percentiles(handled.map((h) => h.ms));
  const broken = handled.map((h) => breakdown(h.steps, watch));
  const tx = percentiles(finalizeTx.slice(txBefore));
  const bare = percentiles(
    await Promise.all(
      recordedTx.slice(recordedBefore).map((r) => replay(services.clients.firestore, r)),
    ),
  );
  console.log('');
  console.log(
    `20 concurrent 1 MB uploads, PUT complete → submission visible (uploaded): ${formatPercentiles(percentiles(latencies.map((l) => Math.max(0, l))), 1, ['max'])}`,
  );
  console.log(
    `  finalize handler time over those ${opened.length} uploads: ${formatPercentiles(handler)}; its transaction ${formatPercentiles(tx)}`,
  );
  console.log(
    `  the same ${opened.length} transactions replayed bare, all at once: ${formatPercentiles(bare)}; handler ÷ bare tx p50 ${(handler.p50 / bare.p50).toFixed(2)}×, transaction ÷ bare tx p50 ${(tx.p50 / bare.p50).toFixed(2)}×`,
  );
  printBreakdown(
    `The ${opened.length} concurrent handlers cut at their steps (ms; each column's own percentile, so a row does not add up)`,
    (['p50', 'p95'] as const).map((q) => ({ label: q, b: columnPercentile(broken, q) })),
  );
  const batch = {
    start: Math.min(...handled.map((h) => h.steps.handler.start)),
    end: Math.max(...handled.map((h) => h.steps.handler.end)),
  };
  console.log(
    `  this process's CPU from the first handler's start to the last one's end (${(batch.end - batch.start).toFixed(0)} ms): ${formatSplit(cpuSplit(profile, clockOffsetMs, [batch]))}`,
  );
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const dir = mkdtempSync(path.join(tmpdir(), 'pathwise-bench-'));
  // `--storage-process`: the Storage emulator in a child process, off this event loop.
  const storageProcess = process.argv.includes('--storage-process') ? 'child' : 'same';
  const stack = await startStack({
    port: 0,
    storageDataDir: dir,
    storageProcess,
    services: { scanner: timedScanner(passThroughScanner) },
  });
  services = stack.services;
  watch = new ProcessWatch();
  try {
    console.log(
      `bench:uploads starts, ${loadAverage()}; the Storage emulator runs in ${storageProcess === 'child' ? 'a child process (--storage-process)' : 'this process, with the functions (--storage-process: in a child)'}`,
    );
    const { pathwayId, resourceId } = await fixture();
    await singleUploads(stack, pathwayId, resourceId, dir);
    await concurrentUploads(stack, pathwayId, resourceId, dir);
    console.log(`bench:uploads ends, ${loadAverage()}`);
  } finally {
    watch.stop();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
