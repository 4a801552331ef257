import { createServices, type Services } from '../../../functions/services';
import type { Caller } from '../../../shared/auth';
import { parseConfig } from '../../../shared/config';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { db } from '../../helpers/services';

/**
 * The progress request path serves pathways from a per-instance cache. These tests run a second
 * instance (its own services and cache) next to the stack: the stack changes outlines and
 * recomputes enrollments, this instance completes resources with whatever outline it cached.
 * A stale outline must be caught by the enrollment it would be written over, never trusted.
 */
let instance: Services;
let instructor: TestUser;
const ctx = { requestId: 'outline-cache-test' };
const asCaller = (user: TestUser): Caller => ({
  uid: user.uid,
  role: user.role,
  email: user.email,
  name: user.name,
});

beforeAll(async () => {
  instance = createServices(parseConfig(process.env));
  instructor = await createUser('instructor');
});

async function enrollmentDoc(uid: string, pathwayId: string): Promise<any> {
  return (await db().collection('enrollments').doc(`${uid}_${pathwayId}`).get()).data();
}

async function outlineVersion(pathwayId: string): Promise<number> {
  return (await db().collection('pathways').doc(pathwayId).get()).get('outline_version');
}

/** Waits until the stack's recompute moved the learner's enrollment to the pathway's outline. */
async function recomputed(uid: string, pathwayId: string): Promise<any> {
  const version = await outlineVersion(pathwayId);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const doc = await enrollmentDoc(uid, pathwayId);
    if (doc?.outline_version === version) return doc;
    if (Date.now() > deadline)
      throw new Error(`enrollment stayed at ${doc?.outline_version}, outline is ${version}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Adds a required article to a module through the stack (another instance than `instance`). */
async function addResource(moduleId: string, id: string): Promise<void> {
  const res = await api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, {
    id,
    title: id,
    type: 'article',
    duration_minutes: 5,
  });
  expect(res.status).toBe(201);
}

const complete = (user: TestUser, resourceId: string) =>
  instance.progress.activity.complete(asCaller(user), { resource_id: resourceId }, {}, ctx);

describe('the cached outline on the progress request path', () => {
  let tree: Tree;
  let m1: string;
  let m2: string;

  beforeAll(async () => {
    tree = await buildPathway(
      instructor.token,
      [
        { resources: [{ type: 'article' }, { type: 'article' }] },
        { resources: [{ type: 'article' }] },
      ],
      { publish: true },
    );
    m1 = tree.modules[0]?.id as string;
    m2 = tree.modules[1]?.id as string;
  });

  it('is refreshed when the enrollment was computed against a newer outline', async () => {
    const learner = await createUser('learner');
    const [r1, r2] = tree.modules[0]?.resources as [string, string];
    await complete(learner, r1);
    const cachedVersion = (await instance.catalog.pathwayCache.get(tree.pathwayId))
      ?.outline_version;
    await addResource(m1, `${m1}-late-1`);
    const moved = await recomputed(learner.uid, tree.pathwayId);
    expect(moved.outline_version).toBe((cachedVersion as number) + 1);

    // With the cached outline, two of two would complete the module; the current one has three.
    const result = await complete(learner, r2);
    expect(result).toMatchObject({ module_completed: false, module_progress: 66.7 });
    const stored = await enrollmentDoc(learner.uid, tree.pathwayId);
    expect(stored.outline_version).toBe(moved.outline_version);
    expect(stored.modules[m1]).toMatchObject({ completed: false, module_progress: 66.7 });
    expect((await instance.catalog.pathwayCache.get(tree.pathwayId))?.outline_version).toBe(
      moved.outline_version,
    );
  });

  it('is checked in the transaction when the write creates the enrollment', async () => {
    const [first] = tree.modules[1]?.resources as [string];
    const before = await instance.catalog.pathwayCache.get(tree.pathwayId);
    await addResource(m2, `${m2}-late-1`);
    const learner = await createUser('learner');
    const result = await complete(learner, first);
    // The cached outline has one resource in this module; the pathway now has two.
    expect(result).toMatchObject({ module_completed: false, module_progress: 50 });
    const stored = await enrollmentDoc(learner.uid, tree.pathwayId);
    expect(stored.outline_version).toBe((before?.outline_version as number) + 1);
    expect(stored.outline_version).toBe(await outlineVersion(tree.pathwayId));
  });

  it('loses nothing when a write races the recompute: the enrollment ends on the new outline', async () => {
    const learner = await createUser('learner');
    const [r1, r2] = tree.modules[0]?.resources as [string, string];
    await complete(learner, r1);
    await addResource(m1, `${m1}-late-2`);
    // Before or after the recompute reached this learner: either way nothing is lost.
    await complete(learner, r2);
    const final = await recomputed(learner.uid, tree.pathwayId);
    expect(final.resources[r1].status).toBe('completed');
    expect(final.resources[r2].status).toBe('completed');
    const module = (await db().collection('pathways').doc(tree.pathwayId).get()).get(
      'outline.modules',
    )[0];
    expect(module.resources).toHaveLength(4);
    expect(final.modules[m1]).toMatchObject({ completed: false, module_progress: 50 });
  });
});
