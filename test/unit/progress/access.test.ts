import { PathwayAccess } from '../../../shared/catalog/access';
import type { PathwayDoc } from '../../../shared/catalog/model';
import type { CatalogRepository } from '../../../shared/catalog/repository';
import { actingUser, ResourceLocator } from '../../../shared/progress/access';
import { caller, pathwayDoc } from '../catalog/fixtures';

const outline = (moduleId: string, resourceIds: string[]): PathwayDoc['outline'] => ({
  modules: [
    {
      module_id: moduleId,
      title: moduleId,
      required_count: null,
      resources: resourceIds.map((id) => ({
        resource_id: id,
        type: 'article' as const,
        title: id,
        required: true,
        duration_minutes: 5,
        requires_upload: false,
      })),
    },
  ],
});

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
  const repo = {
    pathway: async (id: string) => args.pathways[id],
    pathwayIdOfResource: async (id: string, fresh = false) => {
      lookups.push({ id, fresh });
      return fresh ? args.fresh[id] : (args.cached[id] ?? args.fresh[id]);
    },
  } as unknown as CatalogRepository;
  return { locator: new ResourceLocator(repo, new PathwayAccess(repo)), lookups };
}

describe('finding a resource for a caller', () => {
  it('uses the cached pathway when the resource is in its outline', async () => {
    const { locator, lookups } = catalogWith({
      pathways: { a: pathwayDoc({ outline: outline('m1', ['r1']) }) },
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
        a: pathwayDoc({ outline: outline('m1', []) }),
        b: pathwayDoc({ outline: outline('m2', ['r1']) }),
      },
      cached: { r1: 'a' },
      fresh: { r1: 'b' },
    });
    expect((await locator.locate(caller('learner'), 'r1')).pathwayId).toBe('b');
    expect(lookups.map((l) => l.fresh)).toEqual([false, true]);
  });

  it('hides resources of unpublished pathways and unknown ones behind the same 404', async () => {
    const { locator } = catalogWith({
      pathways: { d: pathwayDoc({ status: 'draft', outline: outline('m', ['r1']) }) },
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
  it('lets learners act only for themselves', () => {
    expect(actingUser(caller('learner', 'me'), undefined)).toBe('me');
    expect(actingUser(caller('learner', 'me'), 'me')).toBe('me');
    expect(() => actingUser(caller('learner', 'me'), 'you')).toThrow(/your own progress/);
    expect(actingUser(caller('instructor'), 'you')).toBe('you');
  });
});
