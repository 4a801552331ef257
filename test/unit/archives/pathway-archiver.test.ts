import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { ArchivedMark, PathwayArchiveDoc } from '../../../shared/archives/model';
import { PathwayArchiver } from '../../../shared/archives/pathway-archiver';
import type { ArchivesRepository, ArchivedKind } from '../../../shared/archives/repository';

const now = Timestamp.fromMillis(1_700_000_000_000);

function fakeRepo() {
  const created: PathwayArchiveDoc[] = [];
  const marked: [ArchivedKind, ArchivedMark][] = [];
  const finished: unknown[] = [];
  const repo = {
    txCreate: (_tx: Transaction, doc: PathwayArchiveDoc) => void created.push(doc),
    markAll: (kind: ArchivedKind, mark: ArchivedMark) => {
      marked.push([kind, mark]);
      return Promise.resolve(kind === 'enrollments' ? 4 : 2);
    },
    finish: (id: string, counts: unknown) => Promise.resolve(void finished.push([id, counts])),
  } as unknown as ArchivesRepository;
  return { repo, created, marked, finished };
}

describe('PathwayArchiver', () => {
  it('records what the pathway was, still archiving, in the deleting transaction', () => {
    const f = fakeRepo();
    new PathwayArchiver(f.repo).record(
      {} as Transaction,
      {
        pathwayId: 'p1',
        title: 'Design',
        ownerUid: 'owner',
        outline: { modules: [] },
        outlineVersion: 3,
        deletedModules: 2,
        deletedResources: 5,
      },
      'admin',
      now,
    );
    expect(f.created).toEqual([
      {
        pathway_id: 'p1',
        title: 'Design',
        owner_uid: 'owner',
        outline: { modules: [] },
        outline_version: 3,
        deleted_at: now,
        deleted_by: 'admin',
        deleted_modules: 2,
        deleted_resources: 5,
        state: 'archiving',
        enrollments: null,
        submissions: null,
        archived_at: null,
      },
    ]);
  });

  it('marks enrollments and submissions with the archive, then records the counts', async () => {
    const f = fakeRepo();
    const archive = {
      pathway_id: 'p1',
      title: 'Design',
      deleted_at: now,
      deleted_by: 'admin',
    } as PathwayArchiveDoc;
    const counts = await new PathwayArchiver(f.repo).markDependents(archive);
    const mark = {
      pathway_id: 'p1',
      pathway_title: 'Design',
      deleted_at: now,
      deleted_by: 'admin',
    };
    expect(f.marked).toEqual([
      ['enrollments', mark],
      ['submissions', mark],
    ]);
    expect(counts).toEqual({ enrollments: 4, submissions: 2 });
    expect(f.finished).toEqual([['p1', { enrollments: 4, submissions: 2 }]]);
  });
});
