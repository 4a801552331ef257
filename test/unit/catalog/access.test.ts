import { canEdit, canView, PathwayAccess } from '../../../shared/catalog/access';
import type { PathwayDoc } from '../../../shared/catalog/model';
import { caller, pathwayDoc } from './fixtures';
import type { CatalogRepository } from '../../../shared/catalog/repository';
import { AppError } from '../../../shared/errors';

/** An in-memory stand-in for the catalog repository's pathway reads. */
function fakeRepository(pathways: Record<string, PathwayDoc>) {
  const reads: string[] = [];
  const repo = {
    pathway: async (id: string) => {
      reads.push(id);
      return pathways[id];
    },
  } as unknown as CatalogRepository;
  return { repo, reads };
}

describe('who may see and edit a pathway', () => {
  const draft = pathwayDoc({ status: 'draft' });

  it('shows published pathways to everyone and drafts only to their owner and admins', () => {
    expect(canView(caller('learner'), pathwayDoc())).toBe(true);
    expect(canView(caller('learner'), draft)).toBe(false);
    expect(canView(caller('instructor', 'someone-else'), draft)).toBe(false);
    expect(canView(caller('instructor'), draft)).toBe(true);
    expect(canView(caller('admin'), draft)).toBe(true);
  });

  it('lets only the owning instructor or an admin edit, whatever the status', () => {
    expect(canEdit(caller('learner', 'instructor-1'), draft)).toBe(false);
    expect(canEdit(caller('instructor', 'someone-else'), pathwayDoc())).toBe(false);
    expect(canEdit(caller('instructor'), pathwayDoc())).toBe(true);
    expect(canEdit(caller('admin'), draft)).toBe(true);
  });

  it('answers a hidden or missing pathway with a 404 naming what was asked for', async () => {
    const { repo } = fakeRepository({ d: draft });
    const access = new PathwayAccess(repo);
    await expect(access.visible(caller('instructor'), 'd')).resolves.toBe(draft);
    const hidden = await access.visible(caller('learner'), 'd', 'Resource r1').catch((e) => e);
    expect(hidden).toBeInstanceOf(AppError);
    expect(hidden).toMatchObject({ code: 'not_found', message: 'Resource r1 was not found' });
    await expect(access.visible(caller('admin'), 'missing')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('decides review rights without a read for admins and learners', async () => {
    const { repo, reads } = fakeRepository({ p: pathwayDoc() });
    const access = new PathwayAccess(repo);
    expect(await access.editable(caller('admin'), 'p')).toBe(true);
    expect(await access.editable(caller('learner'), 'p')).toBe(false);
    expect(reads).toEqual([]);
    expect(await access.editable(caller('instructor'), 'p')).toBe(true);
    expect(await access.editable(caller('instructor'), 'gone')).toBe(false);
    expect(reads).toEqual(['p', 'gone']);
  });
});
