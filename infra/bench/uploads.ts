/**
 * npm run bench:uploads — runs inside the emulators and prints:
 *  - the finalize handler's bytes read, Firestore reads and writes (that request's own) and time,
 *    and the functions process's peak memory for a 1 MB and a 50 MB upload (object bytes on disk
 *    in the local Storage emulator; the PUT comes from curl in another process), which must not
 *    grow with the file;
 *  - PUT-complete-to-submission-visible latency (p50/p95) for 20 concurrent uploads.
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
import { CreateResourceSchema } from '../../shared/catalog/schemas';
import { onRequestIo, type RequestIo } from '../../shared/platform/io-stats';
import { EnrollmentWriter } from '../../shared/progress/enrollment-writer';
import { FinalizeUpload } from '../../shared/submissions/finalize';
import { finalizeStats } from '../../shared/submissions/object-head';
import { SubmissionCollections } from '../../shared/submissions/model';
import { learnerToken, quantile } from './common';
import { openUploadRequest, type OpenedUpload } from './upload-client';
import { startStack, type Stack } from '../local/stack';
import { runMain } from '../cli';

const MB = 1024 * 1024;

/** The stack's services: fixtures are written through the same use cases and clients. */
let services: Services;

/**
 * The handler's own footprint: RSS sampled every millisecond while `finalize` runs. (The local
 * Storage emulator shares this process, so the process-wide peak also shows its receive buffers.)
 */
const handlerPeaks: { growthMb: number; ms: number }[] = [];
const finalize = FinalizeUpload.prototype.finalize;
FinalizeUpload.prototype.finalize = async function (
  this: FinalizeUpload,
  ...args: Parameters<typeof finalize>
) {
  const start = process.memoryUsage.rss();
  const started = performance.now();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 1);
  try {
    return await finalize.apply(this, args);
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    handlerPeaks.push({ growthMb: (peak - start) / MB, ms: performance.now() - started });
  }
};

/** Each finalize delivery's own Firestore reads and writes. */
const finalizeIo: RequestIo[] = [];
onRequestIo((io) => {
  if (io.functionName === 'onSubmissionUploaded') finalizeIo.push(io);
});

/** Finalize's one transaction (the enrollment writer's), timed apart from the rest of the handler. */
const finalizeTx: number[] = [];
const write = EnrollmentWriter.prototype.write;
EnrollmentWriter.prototype.write = async function (
  this: EnrollmentWriter,
  ...args: Parameters<typeof write>
) {
  const started = performance.now();
  try {
    return await write.apply(this, args);
  } finally {
    if (args[0].requestId.startsWith('finalize:')) finalizeTx.push(performance.now() - started);
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
  const { stdout } = await promisify(execFile)('curl', [
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
  ]);
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

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const dir = mkdtempSync(path.join(tmpdir(), 'pathwise-bench-'));
  const stack = await startStack({ port: 0, storageDataDir: dir });
  services = stack.services;
  try {
    const { pathwayId, resourceId } = await fixture();
    console.log('');
    console.log('Finalize handler per upload (objects on disk; PUT from curl)');
    console.log(
      'file size | bytes read | reads | writes | handler RSS growth | handler time | of which the transaction | process peak growth (PUT+finalize)',
    );
    for (const size of [1 * MB, 50 * MB, 1 * MB, 50 * MB]) {
      const file = pdfFile(dir, size);
      const token = await learnerToken(services.clients.auth);
      const opened = await open(stack, token, pathwayId, resourceId, size);
      const done = visible(opened.submission_id);
      resetPeak();
      const before = peakRssMb();
      const readBefore = finalizeStats.bytesRead;
      const handled = handlerPeaks.length;
      const delivered = finalizeIo.length;
      await curlPut(opened, file);
      await done;
      while (handlerPeaks.length === handled || finalizeIo.length === delivered)
        await new Promise((resolve) => setTimeout(resolve, 5));
      const io = finalizeIo[finalizeIo.length - 1] as RequestIo;
      const tx = finalizeTx[finalizeTx.length - 1] ?? NaN;
      const peak = peakRssMb();
      const handler = handlerPeaks[handlerPeaks.length - 1] ?? { growthMb: NaN, ms: NaN };
      console.log(
        `${`${size / MB} MB`.padStart(9)} | ${String(finalizeStats.bytesRead - readBefore).padStart(10)} | ${String(io.reads).padStart(5)} | ${String(io.writes).padStart(6)} | ${handler.growthMb.toFixed(2).padStart(16)} MB | ${handler.ms.toFixed(0).padStart(10)} ms | ${tx.toFixed(0).padStart(21)} ms | ${(peak - before).toFixed(1).padStart(24)} MB`,
      );
    }

    const file = pdfFile(dir, 1 * MB);
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => learnerToken(services.clients.auth)),
    );
    const opened = await Promise.all(
      tokens.map((t) => open(stack, t, pathwayId, resourceId, 1 * MB)),
    );
    const handledBefore = handlerPeaks.length;
    const txBefore = finalizeTx.length;
    const latencies = await Promise.all(
      opened.map(async (o) => {
        const seen = visible(o.submission_id);
        await curlPut(o, file);
        const putDone = performance.now();
        return (await seen) - putDone;
      }),
    );
    const sorted = latencies.map((l) => Math.max(0, l)).sort((a, b) => a - b);
    // A submission is visible at its commit, a moment before its handler returns.
    while (handlerPeaks.length < handledBefore + opened.length)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const txMs = finalizeTx.slice(txBefore).sort((a, b) => a - b);
    const handlerMs = handlerPeaks
      .slice(handledBefore)
      .map((h) => h.ms)
      .sort((a, b) => a - b);
    console.log('');
    console.log(
      `20 concurrent 1 MB uploads, PUT complete → submission visible (uploaded): p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p95 ${quantile(sorted, 0.95).toFixed(1)} ms, max ${(sorted[sorted.length - 1] as number).toFixed(1)} ms`,
    );
    console.log(
      `  finalize handler time over those ${handlerMs.length} uploads: p50 ${quantile(handlerMs, 0.5).toFixed(1)} ms, p95 ${quantile(handlerMs, 0.95).toFixed(1)} ms; its transaction p50 ${quantile(txMs, 0.5).toFixed(1)} ms, p95 ${quantile(txMs, 0.95).toFixed(1)} ms`,
    );
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
