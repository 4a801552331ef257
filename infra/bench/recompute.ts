/**
 * The outline-change recompute (bench:progress) next to the emulator's own ceiling for the same
 * I/O, measured in the same run so that the ratio holds under any load on a shared machine:
 *  (a) the recompute's own streamed query over the same enrollments, read and nothing else;
 *  (b) the same number of enrollments of a twin pathway (same documents, same outline change)
 *      given exactly the fields the recompute writes, in the same commit shape (≤ 100 writes per
 *      commit, 8 at once, a last-update-time precondition each), with every payload computed
 *      beforehand: no logic at all while timed;
 *  (c) (a) and (b) together as the recompute does them: one streamed query in pages, each page
 *      written while the next is read. This is the ceiling the recompute is measured against.
 * Figures only: nothing here asserts on time.
 */
import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import { CatalogCollections, type Outline, type PathwayDoc } from '../../shared/catalog/model';
import { entriesOf } from '../../shared/platform/outbox-entries';
import { changeEvent } from '../../shared/progress/events';
import type { EnrollmentDoc } from '../../shared/progress/model';
import { groupsOf, recomputed } from '../../shared/progress/recompute';
import { ProgressRepository } from '../../shared/progress/repository';
import { progressChanges } from '../../shared/progress/rollup';
import { median, stopwatch, timed } from './common';
import { fixtureEnrollments, fixturePathway, type FixturePathway } from './progress-fixtures';

export const RECOMPUTE_ENROLLMENTS = 5000;
/** The recompute's shape, handed to it explicitly so that the ceiling has the same one. */
const PAGE_SIZE = 500;
const WRITES_PER_COMMIT = 100;
const CONCURRENCY = 8;

export interface Throughput {
  enrollments: number;
  seconds: number;
}

export interface RecomputeFigures {
  recompute: Throughput & { conflicts: number };
  /** (a) the same query over the same enrollments, nothing else. */
  read: Throughput;
  /** (b) the same writes in the same commits, payloads computed beforehand. */
  write: Throughput & { commitMsP50: number; commits: number };
  /** (c) read and write pipelined as the recompute does: the ceiling. */
  readWrite: Throughput;
  /** Firestore size of the enrollments' update payload, the largest. */
  updateBytes: number;
}

/** One enrollment's writes, ready to go: its update and the outbox entries of its events. */
interface Planned {
  ref: DocumentReference;
  updateTime: Timestamp;
  fields: Partial<EnrollmentDoc>;
  events: { ref: DocumentReference; data: DocumentData }[];
}

/** The outline change: one more required resource in the first module, version 2. */
async function changeOutline(db: Firestore, pathway: FixturePathway): Promise<PathwayDoc> {
  const outline: Outline = structuredClone(pathway.outline);
  outline.modules[0]?.resources.push({
    resource_id: `${pathway.id}-extra`,
    type: 'article',
    title: 'Extra',
    required: true,
    duration_minutes: 5,
    requires_upload: false,
  });
  const ref = db.collection(CatalogCollections.pathways).doc(pathway.id);
  await ref.update({ outline, outline_version: 2 });
  return (await ref.get()).data() as PathwayDoc;
}

/** Every page of the recompute's own query, counted. */
async function readAll(repo: ProgressRepository, pathwayId: string, version: number) {
  const docs: QueryDocumentSnapshot[] = [];
  for await (const page of repo.staleEnrollmentPages(pathwayId, version, PAGE_SIZE))
    docs.push(...page);
  return docs;
}

/**
 * What the recompute writes for each enrollment (the same fields and event entries), at version
 * `version`, keyed by document id; events go to a collection no trigger watches.
 */
function plan(
  db: Firestore,
  docs: QueryDocumentSnapshot[],
  pathway: PathwayDoc,
  version: number,
): Map<string, Omit<Planned, 'updateTime'>> {
  const now = Timestamp.now();
  const target = { ...pathway, outline_version: version };
  const planned = new Map<string, Omit<Planned, 'updateTime'>>();
  for (const snap of docs) {
    const stored = snap.data() as EnrollmentDoc;
    const next = recomputed(stored, target, now);
    const events = entriesOf(
      progressChanges(stored, next).map((c) => changeEvent(c, next, target, 'bench-ceiling', now)),
    ).map(({ entry }, i) => ({
      ref: db.collection('bench-outbox').doc(`${snap.id}-${version}-${i}`),
      data: { ...entry, created_at: FieldValue.serverTimestamp() },
    }));
    planned.set(snap.id, {
      ref: snap.ref,
      fields: {
        modules: next.modules,
        pathway: next.pathway,
        resume: next.resume,
        outline_version: next.outline_version,
        revision: next.revision,
        updated_at: next.updated_at,
      },
      events,
    });
  }
  return planned;
}

function withTimes(
  docs: QueryDocumentSnapshot[],
  planned: Map<string, Omit<Planned, 'updateTime'>>,
): Planned[] {
  return docs.map((snap) => ({
    ...(planned.get(snap.id) as Omit<Planned, 'updateTime'>),
    updateTime: snap.updateTime,
  }));
}

/** The recompute's commit shape with no logic: groups of ≤ 100 writes, 8 commits at once. */
async function commitAll(db: Firestore, items: Planned[], commitMs: number[]): Promise<void> {
  const groups = groupsOf(items, WRITES_PER_COMMIT);
  let taken = 0;
  const worker = async () => {
    while (taken < groups.length) {
      const group = groups[taken++] as Planned[];
      const batch = db.batch();
      for (const item of group) {
        batch.update(item.ref, item.fields, { lastUpdateTime: item.updateTime });
        for (const event of item.events) batch.set(event.ref, event.data);
      }
      await timed(commitMs, () => batch.commit());
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
}

/** (c): one streamed query; each page is written while the next one is read. */
async function readAndWrite(
  db: Firestore,
  repo: ProgressRepository,
  pathwayId: string,
  version: number,
  planned: Map<string, Omit<Planned, 'updateTime'>>,
): Promise<number> {
  const pages = repo.staleEnrollmentPages(pathwayId, version, PAGE_SIZE);
  let written = 0;
  let page = pages.next();
  for (let current = await page; !current.done; current = await page) {
    page = pages.next();
    await commitAll(db, withTimes(current.value, planned), []);
    written += current.value.length;
  }
  return written;
}

/** Runs the recompute and its ceiling on 5,000 enrollments each; see the module comment. */
export async function recomputeFigures(services: Services): Promise<RecomputeFigures> {
  const db = services.clients.firestore;
  const repo = new ProgressRepository(db);
  const pathway = await fixturePathway(db, 20);
  const twin = await fixturePathway(db, 20);
  await fixtureEnrollments(db, pathway, RECOMPUTE_ENROLLMENTS, 'bench-learner');
  await fixtureEnrollments(db, twin, RECOMPUTE_ENROLLMENTS, 'bench-twin');
  await changeOutline(db, pathway);
  const twinDoc = await changeOutline(db, twin);

  // (a) before the recompute, while the same query still finds every enrollment.
  const read = await stopwatch(() => readAll(repo, pathway.id, 2));

  // Payloads for (b) (version 2) and (c) (version 3), computed from the twin's documents.
  const twinDocs = await readAll(repo, twin.id, 2);
  const atTwo = plan(db, twinDocs, twinDoc, 2);
  const atThree = plan(db, twinDocs, twinDoc, 3);
  const commitMs: number[] = [];
  const write = await stopwatch(() => commitAll(db, withTimes(twinDocs, atTwo), commitMs));
  const readWrite = await stopwatch(() => readAndWrite(db, repo, twin.id, 3, atThree));

  const recompute = await stopwatch(() =>
    services.progress.recompute.recompute(
      pathway.id,
      { requestId: 'bench-recompute' },
      { pageSize: PAGE_SIZE, writesPerCommit: WRITES_PER_COMMIT, concurrency: CONCURRENCY },
    ),
  );
  const seconds = (ms: number) => ms / 1000;
  return {
    recompute: {
      enrollments: recompute.result.recomputed,
      seconds: seconds(recompute.ms),
      conflicts: recompute.result.conflicts,
    },
    read: { enrollments: read.result.length, seconds: seconds(read.ms) },
    write: {
      enrollments: twinDocs.length,
      seconds: seconds(write.ms),
      commitMsP50: median(commitMs),
      commits: commitMs.length,
    },
    readWrite: { enrollments: readWrite.result, seconds: seconds(readWrite.ms) },
    updateBytes: Math.max(
      ...[...atTwo.values()].map((p) => Buffer.byteLength(JSON.stringify(p.fields))),
    ),
  };
}

/** The recompute's table: each figure, its enrollments/s, and the recompute ÷ the ceiling. */
export function printRecompute(figures: RecomputeFigures): void {
  const { recompute, read, write, readWrite } = figures;
  const row = (what: string, t: Throughput, note = '') =>
    console.log(
      `${what.padEnd(58)} | ${String(t.enrollments).padStart(11)} | ${t.seconds.toFixed(2).padStart(7)} | ${(t.enrollments / t.seconds).toFixed(0).padStart(13)} | ${note}`,
    );
  console.log('');
  console.log(
    `Outline change, ${RECOMPUTE_ENROLLMENTS} enrollments of a 20-resource pathway (pages of ${PAGE_SIZE}, commits of ≤ ${WRITES_PER_COMMIT} writes, ${CONCURRENCY} at once; goal ≥ 1,500 enrollments/s)`,
  );
  console.log(`${'what'.padEnd(58)} | enrollments | seconds | enrollments/s | notes`);
  row('recompute (the product)', recompute, `${recompute.conflicts} write conflicts`);
  row("(a) bare streamed read: the recompute's query, same documents", read);
  row(
    '(b) bare write: same fields, commit shape and preconditions',
    write,
    `${write.commits} commits, p50 ${write.commitMsP50.toFixed(0)} ms each; update payload ≤ ${figures.updateBytes} B`,
  );
  row('(c) ceiling: (a) + (b) pipelined as the recompute does', readWrite);
  const perSecond = (t: Throughput) => t.enrollments / t.seconds;
  console.log(
    `recompute ÷ ceiling (time per enrollment): ${(perSecond(readWrite) / perSecond(recompute)).toFixed(2)}×; the ceiling's read alone is ${((read.seconds / readWrite.seconds) * 100).toFixed(0)}% and its writes alone ${((write.seconds / readWrite.seconds) * 100).toFixed(0)}% of its time`,
  );
}
