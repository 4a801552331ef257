import { Timestamp, type WriteBatch } from 'firebase-admin/firestore';
import { OutlineRecompute } from '../../../shared/progress/recompute';
import { ProgressRepository } from '../../../shared/progress/repository';
import { db, testServices } from '../../helpers/services';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { deliverEvent, pubsubEvent } from '../../helpers/events';

let instructor: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [instructor, admin] = await Promise.all([createUser('instructor'), createUser('admin')]);
});

const r = (id: string) => `/api/v1/users/me/resources/${id}`;

async function enrollment(userId: string, pathwayId: string): Promise<any> {
  return (await db().collection('enrollments').doc(`${userId}_${pathwayId}`).get()).data();
}

async function pathwayVersion(pathwayId: string): Promise<number> {
  return (
    (await db().collection('pathways').doc(pathwayId).get()).data() as { outline_version: number }
  ).outline_version;
}

/** Waits until the outline-change function (reached through the stack's Pub/Sub delivery) caught up. */
async function recomputed(userId: string, pathwayId: string): Promise<any> {
  const version = await pathwayVersion(pathwayId);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const doc = await enrollment(userId, pathwayId);
    if (doc?.outline_version === version) return doc;
    if (Date.now() > deadline)
      throw new Error(`enrollment stayed at ${doc?.outline_version}, outline is ${version}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function deliverOutlineEvent(pathwayId: string): Promise<void> {
  const version = await pathwayVersion(pathwayId);
  const delivered = await deliverEvent(
    'onOutlineChanged',
    pubsubEvent('outline-changed', {
      type: 'outline_changed',
      event_id: `outline-changed:${pathwayId}:${version}`,
      pathway_id: pathwayId,
      outline_version: version,
      change: 'test',
      request_id: 'test-redelivery',
      event_time: new Date().toISOString(),
    }),
  );
  expect(delivered.status).toBe(204);
}

describe('outline changes on enrolled learners', () => {
  let tree: Tree;
  let finisher: TestUser;
  let halfway: TestUser;

  beforeAll(async () => {
    tree = await buildPathway(
      instructor.token,
      [
        { resources: [{ type: 'video' }, { type: 'article' }] },
        { resources: [{ type: 'article' }] },
      ],
      {
        publish: true,
      },
    );
    [finisher, halfway] = await Promise.all([
      createUser('learner', 'finisher'),
      createUser('learner', 'halfway'),
    ]);
    for (const id of tree.modules.flatMap((m) => m.resources))
      await api(finisher.token).post(`${r(id)}/complete`);
    await api(halfway.token).post(`${r(tree.modules[0]?.resources[0] as string)}/complete`);
  });

  it('shows new required work to a learner who had finished, keeping the completion and its date', async () => {
    const before = await enrollment(finisher.uid, tree.pathwayId);
    expect(before.pathway.pathway_progress).toBe(100);
    const completedAt = before.pathway.completed_at.toMillis();
    const completedOn = before.pathway.completed_on_version;

    const added = await api(instructor.token).post(
      `/api/v1/modules/${tree.modules[1]?.id}/resources`,
      {
        id: `${tree.modules[1]?.id}-new`,
        type: 'video',
        title: 'New lesson',
      },
    );
    expect(added.status).toBe(201);
    const after = await recomputed(finisher.uid, tree.pathwayId);
    expect(after.pathway).toMatchObject({
      pathway_progress: 75,
      completed_on_version: completedOn,
      completed_modules: 1,
    });
    expect(after.pathway.completed_at.toMillis()).toBe(completedAt);

    const view = await api(finisher.token).get(`/api/v1/users/me/progress/${tree.pathwayId}`);
    expect(view.body).toMatchObject({
      pathway_progress: 75,
      outline_version: await pathwayVersion(tree.pathwayId),
      completed_on_version: completedOn,
      has_new_content: true,
      current_resource_id: `${tree.modules[1]?.id}-new`,
    });
    expect(view.body.completed_at).toBe(new Date(completedAt).toISOString());
    const other = await recomputed(halfway.uid, tree.pathwayId);
    expect(other.pathway.pathway_progress).toBe(25);
  });

  it('recomputes when a resource is removed', async () => {
    const removed = await api(instructor.token).delete(
      `/api/v1/resources/${tree.modules[1]?.id}-new`,
    );
    expect(removed.status).toBe(200);
    const finished = await recomputed(finisher.uid, tree.pathwayId);
    expect(finished.pathway.pathway_progress).toBe(100);
    const view = await api(finisher.token).get(
      `/api/v1/users/me/enrollments/${tree.pathwayId}/summary`,
    );
    expect(view.body).toMatchObject({ completion_percentage: 100, has_new_content: false });
    const other = await recomputed(halfway.uid, tree.pathwayId);
    expect(other.pathway.pathway_progress).toBe(33.3);
  });

  it('moves the resume pointer when resources and modules are reordered or made optional', async () => {
    const [m1, m2] = tree.modules as [
      { id: string; resources: string[] },
      { id: string; resources: string[] },
    ];
    const [a, b] = m1.resources as [string, string];
    const c = m2.resources[0] as string;
    const before = await api(halfway.token).get(
      `/api/v1/users/me/enrollments/${tree.pathwayId}/summary`,
    );
    expect(before.body).toMatchObject({ current_module_id: m1.id, current_resource_id: b });

    await api(instructor.token).put(`/api/v1/modules/${m1.id}/resources/order`, {
      resource_ids: [b, a],
    });
    expect((await recomputed(halfway.uid, tree.pathwayId)).resume).toEqual({
      module_id: m2.id,
      resource_id: c,
    });

    await api(instructor.token).put(`/api/v1/pathways/${tree.pathwayId}/modules/order`, {
      module_ids: [m2.id, m1.id],
    });
    expect((await recomputed(halfway.uid, tree.pathwayId)).resume).toEqual({
      module_id: m2.id,
      resource_id: c,
    });

    await api(instructor.token).patch(`/api/v1/resources/${c}`, { required: false });
    const optional = await recomputed(halfway.uid, tree.pathwayId);
    expect(optional.resume).toEqual({ module_id: m1.id, resource_id: b });
    expect(optional.pathway).toMatchObject({ pathway_progress: 50, required_total: 2 });
    const finisher2 = await recomputed(finisher.uid, tree.pathwayId);
    expect(finisher2.pathway.pathway_progress).toBe(100);
  });

  it('changes nothing when the same outline event is delivered again', async () => {
    await recomputed(finisher.uid, tree.pathwayId);
    const [a, b] = await Promise.all([
      enrollment(finisher.uid, tree.pathwayId),
      enrollment(halfway.uid, tree.pathwayId),
    ]);
    await deliverOutlineEvent(tree.pathwayId);
    await deliverOutlineEvent(tree.pathwayId);
    const [a2, b2] = await Promise.all([
      enrollment(finisher.uid, tree.pathwayId),
      enrollment(halfway.uid, tree.pathwayId),
    ]);
    expect(a2.revision).toBe(a.revision);
    expect(b2.revision).toBe(b.revision);
    expect(a2.updated_at.toMillis()).toBe(a.updated_at.toMillis());
  });

  it('catches up an enrollment left behind, whatever event version arrives', async () => {
    const user = await createUser('learner', 'behind');
    await api(user.token).post(`${r(tree.modules[0]?.resources[0] as string)}/complete`);
    await db()
      .collection('enrollments')
      .doc(`${user.uid}_${tree.pathwayId}`)
      .update({ outline_version: 1, 'pathway.pathway_progress': 3 });
    await deliverOutlineEvent(tree.pathwayId);
    const doc = await enrollment(user.uid, tree.pathwayId);
    expect(doc.outline_version).toBe(await pathwayVersion(tree.pathwayId));
    expect(doc.pathway.pathway_progress).toBe(50);
  });
});

describe('audit and repair', () => {
  it('reports every difference from the stored aggregates, then fixes them', async () => {
    const learner = await createUser('learner');
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'video' }, { type: 'article' }] }],
      { publish: true },
    );
    await api(learner.token).post(`${r(tree.modules[0]?.resources[0] as string)}/complete`);
    const moduleId = tree.modules[0]?.id as string;
    await db()
      .collection('enrollments')
      .doc(`${learner.uid}_${tree.pathwayId}`)
      .update({
        [`modules.${moduleId}.module_progress`]: 7,
        'pathway.pathway_progress': 99,
        'pathway.required_done': 2,
      });
    const path = `/api/v1/admin/enrollments/${learner.uid}/${tree.pathwayId}/repair`;

    const dry = await api(admin.token).post(`${path}?dry_run=true`);
    expect(dry.status).toBe(200);
    expect(dry.body.repaired).toBe(false);
    expect(dry.body.differences).toEqual([
      { path: `modules.${moduleId}.module_progress`, stored: 7, computed: 50 },
      { path: 'pathway.pathway_progress', stored: 99, computed: 50 },
      { path: 'pathway.required_done', stored: 2, computed: 1 },
    ]);
    expect((await enrollment(learner.uid, tree.pathwayId)).pathway.pathway_progress).toBe(99);

    const fixed = await api(admin.token).post(path);
    expect(fixed.body).toMatchObject({ repaired: true });
    expect(fixed.body.differences).toHaveLength(3);
    const doc = await enrollment(learner.uid, tree.pathwayId);
    expect(doc.pathway).toMatchObject({ pathway_progress: 50, required_done: 1 });
    expect(doc.modules[moduleId].module_progress).toBe(50);

    const clean = await api(admin.token).post(path);
    expect(clean.body).toMatchObject({ repaired: false, differences: [] });
  });

  it('is for admins only, and 404 for an enrollment that does not exist', async () => {
    const learner = await createUser('learner');
    expect(
      (
        await api(learner.token).post(
          `/api/v1/admin/enrollments/${learner.uid}/image-generation/repair`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api(instructor.token).post(
          `/api/v1/admin/enrollments/${learner.uid}/image-generation/repair`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api(admin.token).post(
          `/api/v1/admin/enrollments/${learner.uid}/image-generation/repair`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('recompute racing learners', () => {
  it('loses no learner write and leaves every enrollment on the new outline', async () => {
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'article' }, { type: 'article' }, { type: 'article' }] }],
      { publish: true },
    );
    const [first, second] = tree.modules[0]?.resources as [string, string];
    const learners = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createUser('learner', `racer${i}`)),
    );
    await Promise.all(learners.map((l) => api(l.token).post(`${r(first)}/complete`)));
    const added = await api(instructor.token).post(
      `/api/v1/modules/${tree.modules[0]?.id}/resources`,
      {
        id: `${tree.modules[0]?.id}-late`,
        type: 'article',
        title: 'Late',
      },
    );
    expect(added.status).toBe(201);
    // The stack recomputes from the event; this process recomputes too, while learners write.
    const [outcome] = await Promise.all([
      testServices().progress.recompute.recompute(tree.pathwayId, { requestId: 'race' }),
      ...learners.map((l) => api(l.token).post(`${r(second)}/complete`)),
    ]);
    expect(outcome.remaining).toBe(false);
    for (const learner of learners) {
      const doc = await recomputed(learner.uid, tree.pathwayId);
      expect(doc.resources[first].status).toBe('completed');
      expect(doc.resources[second].status).toBe('completed');
      expect(doc.pathway).toMatchObject({ pathway_progress: 50, required_total: 4 });
    }
  });
});

/**
 * A repository whose every batch commit is preceded by another write to the enrollment that does
 * not touch its outline (as a certificate claim does), so every batch of the recompute loses its
 * precondition and goes through the learner's transaction.
 */
class OvertakenRepository extends ProgressRepository {
  override batch(): WriteBatch {
    const batch = super.batch();
    const commit = batch.commit.bind(batch);
    batch.commit = async () => {
      await Promise.all(
        [...this.overtaken].map((path) =>
          this.firestore.doc(path).update({ last_accessed_at: Timestamp.now() }),
        ),
      );
      return commit();
    };
    return batch;
  }

  readonly overtaken = new Set<string>();
}

describe('recomputes of one version racing each other', () => {
  it('write an enrollment overtaken by another write once, whichever gets there first', async () => {
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'article' }, { type: 'article' }] }],
      { publish: true },
    );
    const learner = await createUser('learner', 'overtaken');
    await api(learner.token).post(`${r(tree.modules[0]?.resources[0] as string)}/complete`);
    const ref = db().collection('enrollments').doc(`${learner.uid}_${tree.pathwayId}`);
    await ref.update({ outline_version: 0 });
    const before = await enrollment(learner.uid, tree.pathwayId);

    const services = testServices();
    const repo = new OvertakenRepository(db());
    repo.overtaken.add(ref.path);
    const recompute = new OutlineRecompute(
      repo,
      services.catalog.repository,
      services.progress.writer,
      services.outbox,
    );
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => recompute.recompute(tree.pathwayId, { requestId: 'race' })),
    );

    const after = await enrollment(learner.uid, tree.pathwayId);
    expect(after.outline_version).toBe(await pathwayVersion(tree.pathwayId));
    expect(after.revision).toBe(before.revision + 1);
    expect(after.pathway.pathway_progress).toBe(50);
    // The stack may recompute it first, from an outline event of the pathway's building.
    expect(outcomes.reduce((sum, o) => sum + o.recomputed, 0)).toBeLessThanOrEqual(1);
    expect(outcomes.reduce((sum, o) => sum + o.conflicts, 0)).toBeLessThanOrEqual(1);
  });
});
