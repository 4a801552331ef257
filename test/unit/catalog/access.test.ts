import {
  canEdit,
  canView,
  isStaff,
  PathwayAccess,
  staffRole,
} from '../../../shared/catalog/access';
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
  const staffed = pathwayDoc({
    status: 'draft',
    staff: [
      { uid: 'co-1', role: 'co_instructor', added_by: 'instructor-1', added_at: draft.created_at },
      { uid: 'rev-1', role: 'reviewer', added_by: 'instructor-1', added_at: draft.created_at },
    ],
    staff_uids: ['co-1', 'rev-1'],
  });

  it('shows published pathways to everyone and drafts only to their staff and admins', () => {
    expect(canView(caller('learner'), pathwayDoc())).toBe(true);
    expect(canView(caller('learner'), draft)).toBe(false);
    expect(canView(caller('instructor', 'someone-else'), draft)).toBe(false);
    expect(canView(caller('instructor'), draft)).toBe(true);
    expect(canView(caller('instructor', 'rev-1'), staffed)).toBe(true);
    expect(canView(caller('admin'), draft)).toBe(true);
  });

  it('lets the owning instructor, co-instructors and admins edit; reviewers and others not', () => {
    expect(canEdit(caller('learner', 'instructor-1'), draft)).toBe(false);
    expect(canEdit(caller('instructor', 'someone-else'), pathwayDoc())).toBe(false);
    expect(canEdit(caller('instructor'), pathwayDoc())).toBe(true);
    expect(canEdit(caller('instructor', 'co-1'), staffed)).toBe(true);
    expect(canEdit(caller('instructor', 'rev-1'), staffed)).toBe(false);
    expect(canEdit(caller('admin'), draft)).toBe(true);
  });

  it('counts staff only while they hold the instructor role', () => {
    expect(staffRole(caller('instructor', 'rev-1'), staffed)).toBe('reviewer');
    expect(staffRole(caller('learner', 'rev-1'), staffed)).toBeNull();
    expect(isStaff(caller('learner', 'co-1'), staffed)).toBe(false);
    expect(isStaff(caller('admin', 'anyone'), staffed)).toBe(true);
  });

  it('answers a hidden or missing pathway with a 404 naming what was asked for', async () => {
    const { repo } = fakeRepository({ d: draft });
    const access = new PathwayAccess(repo, 'all_instructors');
    await expect(access.visible(caller('instructor'), 'd')).resolves.toBe(draft);
    const hidden = await access.visible(caller('learner'), 'd', 'Resource r1').catch((e) => e);
    expect(hidden).toBeInstanceOf(AppError);
    expect(hidden).toMatchObject({ code: 'not_found', message: 'Resource r1 was not found' });
    await expect(access.visible(caller('admin'), 'missing')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lets every instructor review (seed 000), or only staff when the deployment says so', async () => {
    const { repo, reads } = fakeRepository({ p: staffed });
    const everyone = new PathwayAccess(repo, 'all_instructors');
    const staffOnly = new PathwayAccess(repo, 'pathway_staff');
    expect(await everyone.reviews(caller('admin'), 'p')).toBe(true);
    expect(await everyone.reviews(caller('learner'), 'p')).toBe(false);
    expect(reads).toEqual([]);
    expect(await everyone.reviews(caller('instructor', 'stranger'), 'p')).toBe(true);
    expect(await staffOnly.reviews(caller('instructor', 'stranger'), 'p')).toBe(false);
    expect(await staffOnly.reviews(caller('instructor', 'rev-1'), 'p')).toBe(true);
    expect(await staffOnly.reviews(caller('instructor'), 'p')).toBe(true);
    expect(await everyone.reviews(caller('instructor'), 'gone')).toBe(false);
  });
});
