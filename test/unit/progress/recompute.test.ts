import { Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../../../shared/catalog/model';
import type { CatalogRepository } from '../../../shared/catalog/repository';
import type { Outbox } from '../../../shared/platform/outbox';
import type { EnrollmentWriter } from '../../../shared/progress/enrollment-writer';
import type { EnrollmentDoc } from '../../../shared/progress/model';
import { groupsOf, OutlineRecompute } from '../../../shared/progress/recompute';
import type { ProgressRepository } from '../../../shared/progress/repository';
import { blankEnrollment } from '../../../shared/progress/views';
import { pathwayDoc } from '../catalog/fixtures';
import { video } from './fixtures';

describe('grouping enrollments into batch commits', () => {
  const item = (events: number) => ({ events: Array.from({ length: events }) });

  it('fills each group up to the write limit, an enrollment counting one plus its events', () => {
    const groups = groupsOf([item(1), item(2), item(0), item(3), item(0)], 6);
    expect(groups.map((g) => g.map((i) => i.events.length))).toEqual([
      [1, 2, 0],
      [3, 0],
    ]);
  });

  it('gives an enrollment too big for the limit a group of its own', () => {
    expect(groupsOf([item(0), item(9), item(0)], 4).map((g) => g.length)).toEqual([1, 1, 1]);
  });
});

/**
 * The recompute use case over fakes: which enrollments are written in which batch, and which go
 * through the learner's transaction after a conflict.
 */
function harness(
  learners: string[],
  conflicting: Set<string>,
  recomputedElsewhere = new Set<string>(),
  carriedInTransaction = new Set<string>(),
) {
  const pathway: PathwayDoc = pathwayDoc({
    outline_version: 2,
    outline: {
      modules: [{ module_id: 'm', title: 'M', required_count: null, resources: [video] }],
    },
  });
  const written = new Set<string>();
  const commits: string[][] = [];
  const transactions: string[] = [];
  const snaps = learners.map((uid) => {
    const doc: EnrollmentDoc = { ...blankEnrollment(uid, 'p', pathway), outline_version: 1 };
    return {
      id: uid,
      ref: { id: uid },
      updateTime: Timestamp.fromMillis(1),
      data: () => doc,
    } as unknown as QueryDocumentSnapshot;
  });
  const log: string[] = [];
  const repo = {
    // As the query: the stale ones, once, in pages.
    staleEnrollmentPages: async function* (_p: string, _v: number, pageSize: number) {
      const stale = snaps.filter((s) => !written.has(s.id));
      for (let i = 0; i < stale.length; i += pageSize) {
        log.push(`read ${stale[i]?.id}`);
        yield stale.slice(i, i + pageSize);
      }
    },
    batch: () => {
      const ids: string[] = [];
      return {
        ids,
        commit: async () => {
          if (ids.some((id) => conflicting.has(id)))
            throw Object.assign(new Error('precondition'), { code: 9 });
          ids.forEach((id) => written.add(id));
          commits.push(ids);
          log.push(`commit ${ids[0]}`);
        },
      };
    },
    guardedUpdate: (batch: { ids: string[] }, snap: QueryDocumentSnapshot) =>
      batch.ids.push(snap.id),
    // What a conflicting enrollment holds when re-read: carried forward by another recompute of
    // the same version (a duplicate event), or still behind (its learner wrote).
    enrollment: async (uid: string) => ({
      ...blankEnrollment(uid, 'p', pathway),
      outline_version: recomputedElsewhere.has(uid) ? 2 : 1,
    }),
  } as unknown as ProgressRepository;
  const catalog = { pathway: async () => pathway } as unknown as CatalogRepository;
  const writer = {
    // As the writer with onlyIfBehind: the enrollment is written only if still behind.
    write: async (args: { userId: string }) => {
      transactions.push(args.userId);
      const behind = !written.has(args.userId) && !carriedInTransaction.has(args.userId);
      written.add(args.userId);
      return { written: behind };
    },
  } as unknown as EnrollmentWriter;
  const outbox = { stage: () => undefined } as unknown as Outbox;
  return {
    recompute: new OutlineRecompute(repo, catalog, writer, outbox),
    commits,
    transactions,
    log,
  };
}

describe('recomputing enrollments after an outline change', () => {
  it('writes a page of enrollments in batch commits, none through a transaction', async () => {
    const learners = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const h = harness(learners, new Set());
    const outcome = await h.recompute.recompute('p', { requestId: 'r' }, { pageSize: 25 });
    expect(outcome).toMatchObject({ recomputed: 40, conflicts: 0, remaining: false });
    expect(h.commits.flat().sort()).toEqual([...learners].sort());
    expect(h.commits.length).toBeLessThanOrEqual(2);
    expect(h.transactions).toEqual([]);
  });

  it('reads the next page while a page is written', async () => {
    const learners = Array.from({ length: 60 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const h = harness(learners, new Set());
    const outcome = await h.recompute.recompute('p', { requestId: 'r' }, { pageSize: 25 });
    expect(outcome).toMatchObject({ recomputed: 60, remaining: false });
    expect(h.log).toEqual([
      'read u00',
      'read u25',
      'commit u00',
      'read u50',
      'commit u25',
      'commit u50',
    ]);
    expect(h.commits.flat().sort()).toEqual(learners);
  });

  it('splits a page into commits of at most the given writes', async () => {
    const learners = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const h = harness(learners, new Set());
    await h.recompute.recompute('p', { requestId: 'r' }, { writesPerCommit: 10, concurrency: 3 });
    expect(h.commits.map((c) => c.length)).toEqual([10, 10, 10]);
    expect(h.commits.flat().sort()).toEqual(learners);
  });

  it('stops at the time budget and says that enrollments remain', async () => {
    const learners = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const h = harness(learners, new Set());
    const outcome = await h.recompute.recompute(
      'p',
      { requestId: 'r' },
      { pageSize: 10, timeBudgetMs: -1 },
    );
    expect(outcome).toMatchObject({ recomputed: 10, remaining: true });
    expect(h.log).toEqual(['read u00', 'commit u00']);
  });

  it('sends only the learner who wrote meanwhile through the transaction', async () => {
    const learners = ['a', 'b', 'c', 'd'];
    const h = harness(learners, new Set(['c']));
    const outcome = await h.recompute.recompute('p', { requestId: 'r' });
    expect(outcome).toMatchObject({ recomputed: 4, conflicts: 1 });
    expect(h.transactions).toEqual(['c']);
    expect(h.commits.flat().sort()).toEqual(['a', 'b', 'd']);
  });

  it('leaves an enrollment another recompute of the same version carried forward (a duplicate event)', async () => {
    const learners = ['a', 'b', 'c'];
    const h = harness(learners, new Set(['b', 'c']), new Set(['b']));
    const outcome = await h.recompute.recompute('p', { requestId: 'r' });
    expect(outcome).toMatchObject({ recomputed: 2, conflicts: 1 });
    expect(h.transactions).toEqual(['c']);
    expect(h.commits.flat()).toEqual(['a']);
  });

  it('counts nothing for an enrollment another recompute carried forward while it waited for the transaction', async () => {
    const learners = ['a', 'b', 'c'];
    const h = harness(learners, new Set(['b', 'c']), new Set(), new Set(['b']));
    const outcome = await h.recompute.recompute('p', { requestId: 'r' });
    expect(outcome).toMatchObject({ recomputed: 2, conflicts: 1 });
    expect(h.transactions).toEqual(['b', 'c']);
  });
});
