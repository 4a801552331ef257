import type { PathwayDoc } from '../../../shared/catalog/model';
import { PathwayCache } from '../../../shared/catalog/pathway-cache';
import type { CatalogRepository } from '../../../shared/catalog/repository';
import { LearnerAccess, ResourceLocator } from '../../../shared/progress/access';
import type { ProgressRepository } from '../../../shared/progress/repository';
import type { UserDirectory } from '../../../shared/users/directory';
import { caller, oneModuleOutline, pathwayDoc } from '../catalog/fixtures';

/**
 * An in-memory catalog whose resource → pathway answers can be stale, as the per-instance cache
 * is after a resource moves to another pathway.
 */
function catalogWith(args: {
  pathways: Record<string, PathwayDoc>;
  cached: Record<string, string>;
  fresh: Record<string, string>;
}) {
  const lookups: { id: string; fresh: boolean }[] = [];
  const reads: string[] = [];
  const repo = {
    pathway: async (id: string) => {
      reads.push(id);
      return args.pathways[id];
    },
    remember: () => undefined,
    pathwayIdOfResource: async (id: string, fresh = false) => {
      lookups.push({ id, fresh });
      return fresh ? args.fresh[id] : (args.cached[id] ?? args.fresh[id]);
    },
  } as unknown as CatalogRepository;
  return { locator: new ResourceLocator(repo, new PathwayCache(repo)), lookups, reads };
}

describe('finding a resource for a caller', () => {
  it('uses the cached pathway when the resource is in its outline', async () => {
    const { locator, lookups } = catalogWith({
      pathways: { a: pathwayDoc({ outline: oneModuleOutline('m1', ['r1']) }) },
      cached: { r1: 'a' },
      fresh: { r1: 'a' },
    });
    const found = await locator.locate(caller('learner'), 'r1');
    expect(found.pathwayId).toBe('a');
    expect(found.location.module.module_id).toBe('m1');
    expect(lookups).toEqual([{ id: 'r1', fresh: false }]);
  });

  it('looks again, fresh, when the cached pathway no longer lists the resource', async () => {
    const { locator, lookups } = catalogWith({
      pathways: {
        a: pathwayDoc({ outline: oneModuleOutline('m1', []) }),
        b: pathwayDoc({ outline: oneModuleOutline('m2', ['r1']) }),
      },
      cached: { r1: 'a' },
      fresh: { r1: 'b' },
    });
    expect((await locator.locate(caller('learner'), 'r1')).pathwayId).toBe('b');
    expect(lookups.map((l) => l.fresh)).toEqual([false, true]);
  });

  it('serves writes from the cached pathway, reads always fresh', async () => {
    const { locator, reads } = catalogWith({
      pathways: { a: pathwayDoc({ outline: oneModuleOutline('m1', ['r1', 'r2']) }) },
      cached: { r1: 'a', r2: 'a' },
      fresh: {},
    });
    await locator.locate(caller('learner'), 'r1', { cached: true });
    await locator.locate(caller('learner'), 'r2', { cached: true });
    expect(reads).toEqual(['a']);
    await locator.locate(caller('learner'), 'r2');
    expect(reads).toEqual(['a', 'a']);
  });

  it('asks again when a cached pathway hides the resource (it may have been published since)', async () => {
    const pathways = {
      a: pathwayDoc({ status: 'draft', outline: oneModuleOutline('m1', ['r1']) }),
    };
    const { locator, reads } = catalogWith({ pathways, cached: { r1: 'a' }, fresh: { r1: 'a' } });
    await expect(locator.locate(caller('learner'), 'r1', { cached: true })).rejects.toMatchObject({
      code: 'not_found',
    });
    pathways.a = pathwayDoc({ status: 'published', outline: oneModuleOutline('m1', ['r1']) });
    const found = await locator.locate(caller('learner'), 'r1', { cached: true });
    expect(found.pathway.status).toBe('published');
    expect(reads).toEqual(['a', 'a', 'a']);
  });

  it('hides resources of unpublished pathways and unknown ones behind the same 404', async () => {
    const { locator } = catalogWith({
      pathways: { d: pathwayDoc({ status: 'draft', outline: oneModuleOutline('m', ['r1']) }) },
      cached: {},
      fresh: { r1: 'd' },
    });
    for (const id of ['r1', 'nope']) {
      await expect(locator.locate(caller('learner'), id)).rejects.toMatchObject({
        code: 'not_found',
        message: `Resource ${id} was not found`,
      });
    }
  });
});

describe('acting for a learner (seed 001 userId)', () => {
  const pathway = pathwayDoc({
    staff: [
      {
        uid: 'rev-1',
        role: 'reviewer',
        added_by: 'instructor-1',
        added_at: pathwayDoc().created_at,
      },
    ],
    staff_uids: ['rev-1'],
  });
  /** Learners `enrolled` are enrolled in pathway `p`; `accounts` exist. */
  function learners(enrolled: string[], accounts: string[]) {
    const progress = {
      enrollment: async (uid: string, pathwayId: string) =>
        pathwayId === 'p' && enrolled.includes(uid) ? { user_id: uid } : undefined,
    } as unknown as ProgressRepository;
    const directory = {
      exists: async (uid: string) => accounts.includes(uid),
    } as unknown as UserDirectory;
    return new LearnerAccess(progress, directory);
  }
  const access = learners(['ann'], ['ann', 'bob']);
  const change = { reason: 'learner asked for a correction' };

  it('is nobody else for a caller acting for themselves', async () => {
    expect(
      await access.subject(caller('learner', 'ann'), 'p', pathway, undefined, null),
    ).toBeNull();
    expect(await access.subject(caller('learner', 'ann'), 'p', pathway, 'ann', change)).toBeNull();
  });

  it('lets staff and admins act for an enrolled learner, saying why', async () => {
    for (const who of [caller('instructor'), caller('instructor', 'rev-1'), caller('admin')]) {
      expect(await access.subject(who, 'p', pathway, 'ann', change)).toMatchObject({
        userId: 'ann',
        actor: who,
        reason: change.reason,
      });
    }
    await expect(
      access.subject(caller('instructor'), 'p', pathway, 'ann', { reason: undefined }),
    ).rejects.toMatchObject({ code: 'invalid_argument', details: [{ path: 'reason' }] });
  });

  it('hides the learner (404) from anyone without a relationship, and hides strangers from staff', async () => {
    const cases: [ReturnType<typeof caller>, string][] = [
      [caller('learner', 'bob'), 'ann'],
      [caller('instructor', 'stranger'), 'ann'],
      [caller('instructor'), 'bob'],
      [caller('admin'), 'ghost'],
    ];
    for (const [who, target] of cases) {
      await expect(access.subject(who, 'p', pathway, target, null)).rejects.toMatchObject({
        code: 'not_found',
      });
    }
  });
});
