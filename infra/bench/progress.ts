// Over 300 lines: one benchmark script; its fixtures, two runs and report read best together.
/**
 * npm run bench:progress — runs inside the emulators and prints:
 *  - for pathways of 10, 100 and 1,000 resources: p50/p95 latency of completing a resource
 *    through the HTTP API next to a bare one-document Firestore transaction, and their ratio;
 *  - Firestore document reads and writes per completion, counted in the repository layer for
 *    that request alone (event handlers running in the same process are not counted);
 *  - recompute throughput (enrollments per second) after an outline change on a pathway with
 *    5,000 enrollments.
 * Figures only: nothing here asserts on time.
 */
import { randomUUID } from 'node:crypto';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import {
  CatalogCollections,
  type Outline,
  type PathwayDoc,
  type ResourceDoc,
} from '../../shared/catalog/model';
import { documentSize } from '../../shared/platform/document-size';
import { onRequestIo, type IoCount } from '../../shared/platform/io-stats';
import {
  emptyResourceState,
  enrollmentId,
  ProgressCollections,
  type EnrollmentDoc,
  type ResourceState,
} from '../../shared/progress/model';
import { rollup } from '../../shared/progress/rollup';
import { learnerToken, quantile } from './common';
import { completionSplit, type CompletionSplit } from './progress-split';
import { startStack } from '../local/stack';
import { runMain } from '../cli';

const SIZES = [10, 100, 1000];
const SAMPLES = 150;
const RECOMPUTE_ENROLLMENTS = 5000;

/** The stack's services: the benchmark writes its fixtures with the same clients. */
let services: Services;
const db = () => services.clients.firestore;

function stats(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Writes a published pathway of `size` resources (modules of ten) straight to Firestore. */
async function fixturePathway(
  size: number,
): Promise<{ id: string; outline: Outline; resourceIds: string[] }> {
  const id = `bench-${size}-${randomUUID().slice(0, 6)}`;
  const now = Timestamp.now();
  const outline: Outline = { modules: [] };
  const writer = db().bulkWriter();
  const resourceIds: string[] = [];
  for (let m = 0; m * 10 < size; m += 1) {
    const moduleId = `${id}-m${m + 1}`;
    const resources = [];
    for (let r = 0; r < Math.min(10, size - m * 10); r += 1) {
      const resourceId = `${moduleId}-r${r + 1}`;
      resourceIds.push(resourceId);
      const doc: ResourceDoc = {
        pathway_id: id,
        module_id: moduleId,
        type: 'article',
        title: `Resource ${resourceId}`,
        description: null,
        url: null,
        duration_minutes: 10,
        required: true,
        requires_upload: false,
        accepted_file_types: null,
        max_file_size_mb: null,
        quiz: null,
        created_at: now,
        updated_at: now,
      };
      void writer.set(db().collection(CatalogCollections.resources).doc(resourceId), doc);
      resources.push({
        resource_id: resourceId,
        type: 'article' as const,
        title: doc.title,
        required: true,
        duration_minutes: 10,
        requires_upload: false,
      });
    }
    void writer.set(db().collection(CatalogCollections.modules).doc(moduleId), {
      pathway_id: id,
      title: `Module ${m + 1}`,
      description: null,
      required_count: null,
      created_at: now,
      updated_at: now,
    });
    outline.modules.push({
      module_id: moduleId,
      title: `Module ${m + 1}`,
      required_count: null,
      resources,
    });
  }
  const pathway: PathwayDoc = {
    title: `Bench ${size}`,
    description: null,
    difficulty: null,
    status: 'published',
    owner_uid: 'bench',
    outline,
    outline_version: 1,
    created_at: now,
    updated_at: now,
    published_at: now,
    archived_at: null,
  };
  void writer.set(db().collection(CatalogCollections.pathways).doc(id), pathway);
  await writer.close();
  return { id, outline, resourceIds };
}

interface Row {
  size: number;
  api: { p50: number; p95: number };
  bare: { p50: number; p95: number };
  reads: number;
  writes: number;
  /** Firestore size of an enrollment with every resource completed. */
  enrollmentKib: number;
  split: CompletionSplit;
}

async function completionRow(baseUrl: string, size: number): Promise<Row> {
  const pathway = await fixturePathway(size);
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
    api: stats(latencies),
    bare: stats(bare),
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

/** An enrollment with `completed` done, its rollups computed as the product computes them. */
function enrollmentWith(
  userId: string,
  pathwayId: string,
  outline: Outline,
  completed: string[],
  now: Timestamp,
): EnrollmentDoc {
  const resources: Record<string, ResourceState> = {};
  for (const resourceId of completed) {
    resources[resourceId] = {
      ...emptyResourceState(now),
      status: 'completed',
      progress_percentage: 100,
      completed_at: now,
      started_at: now,
    };
  }
  const roll = rollup({ outline, outlineVersion: 1, resources, previous: null, now });
  return {
    user_id: userId,
    pathway_id: pathwayId,
    enrolled_at: now,
    started_at: now,
    last_accessed_at: now,
    outline_version: 1,
    revision: 1,
    resources,
    modules: roll.modules,
    pathway: roll.pathway,
    resume: roll.resume,
    resets: [],
    updated_at: now,
  };
}

async function recomputeThroughput(): Promise<{
  enrollments: number;
  seconds: number;
  perSecond: number;
  conflicts: number;
}> {
  const pathway = await fixturePathway(20);
  const now = Timestamp.now();
  const doc = (
    await db().collection(CatalogCollections.pathways).doc(pathway.id).get()
  ).data() as PathwayDoc;
  const writer = db().bulkWriter();
  for (let i = 0; i < RECOMPUTE_ENROLLMENTS; i += 1) {
    const userId = `bench-learner-${i}`;
    const enrollment = enrollmentWith(
      userId,
      pathway.id,
      doc.outline,
      pathway.resourceIds.slice(0, i % 21),
      now,
    );
    void writer.set(
      db().collection(ProgressCollections.enrollments).doc(enrollmentId(userId, pathway.id)),
      enrollment,
    );
  }
  await writer.close();
  // The outline change: one more required resource in the first module, version 2.
  const outline: Outline = JSON.parse(JSON.stringify(doc.outline));
  outline.modules[0]?.resources.push({
    resource_id: `${pathway.id}-extra`,
    type: 'article',
    title: 'Extra',
    required: true,
    duration_minutes: 5,
    requires_upload: false,
  });
  await db()
    .collection(CatalogCollections.pathways)
    .doc(pathway.id)
    .update({ outline, outline_version: 2 });

  const started = performance.now();
  const outcome = await services.progress.recompute.recompute(pathway.id, {
    requestId: 'bench-recompute',
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    enrollments: outcome.recomputed,
    seconds,
    perSecond: outcome.recomputed / seconds,
    conflicts: outcome.conflicts,
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
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const stack = await startStack({ port: 0 });
  services = stack.services;
  // `-- --only=recompute` skips the completion tables (they take minutes) and times the recompute.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  try {
    if (only !== 'recompute') await completionTables(stack.baseUrl);
    const recompute = await recomputeThroughput();
    console.log('');
    console.log(
      `Outline change on a pathway with ${RECOMPUTE_ENROLLMENTS} enrollments: ${recompute.enrollments} recomputed in ${recompute.seconds.toFixed(2)} s = ${recompute.perSecond.toFixed(0)} enrollments/s (${recompute.conflicts} write conflicts)`,
    );
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
