import { GenerationCollections } from '../../../shared/generation/model';
import type { ProjectDoc } from '../../../shared/generation/model';
import { GenerationRepository } from '../../../shared/generation/repository';
import { GenerationRuns, stageEvent } from '../../../shared/generation/runs';
import { DocumentTriggers, MAX_CONCURRENT_GENERATIONS, Topics } from '../../../shared/triggers';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { db, testServices } from '../../helpers/services';
import { projectWithSources } from './fixture';

/**
 * A generation whose project changes underneath it. Every slot is taken by placeholder runs, so
 * the started project waits in the start queue (status `generating`, its run not yet admitted)
 * and the test decides what reaches it, and when.
 */
const projects = () => db().collection(GenerationCollections.projects);
const outbox = () => db().collection(DocumentTriggers.outboxEntry.collection);

let owner: TestUser;
let busy: FirebaseFirestore.DocumentReference[] = [];

beforeAll(async () => {
  owner = await createUser('instructor', 'gen-races');
  busy = Array.from({ length: MAX_CONCURRENT_GENERATIONS }, (_, i) =>
    projects().doc(`races-busy-${i}-${owner.uid}`),
  );
  await Promise.all(
    busy.map((ref) => ref.set({ user_id: 'someone', run_active: true, status: 'generating' })),
  );
});

afterAll(async () => {
  await Promise.all(busy.map((ref) => ref.delete()));
});

/** A started project held in the queue: its run id, stage records PENDING. */
async function waiting(): Promise<{ id: string; runId: string }> {
  const id = await projectWithSources(owner, [
    { path: 'a.md', content: '# A\n\nSome words to read and learn from.' },
  ]);
  expect((await api(owner.token).post(`/api/course-generation/${id}/start`)).status).toBe(202);
  const project = (await projects().doc(id).get()).data() as ProjectDoc;
  expect(project).toMatchObject({ status: 'generating', run_active: false });
  return { id, runId: project.run_id as string };
}

/** The repository as seen by an admission racing a status change: its first read is stale. */
class StatusChangesAfterRead extends GenerationRepository {
  override async project(id: string): Promise<ProjectDoc | undefined> {
    const read = await super.project(id);
    await this.projectRef(id).update({ status: 'failed' });
    return read;
  }
}

describe('admission', () => {
  it('admits nothing when the project stopped generating after the admission read it', async () => {
    const { id, runId } = await waiting();
    const s = testServices();
    const runs = new GenerationRuns(
      new StatusChangesAfterRead(db()),
      s.outbox,
      s.clients.tasks,
      s.config,
      // A slot of its own, past the placeholders that hold the queue.
      MAX_CONCURRENT_GENERATIONS + 1,
      s.generation.sourceFiles,
    );
    expect(await runs.admit(id, runId)).toBe('skipped');
    const project = (await projects().doc(id).get()).data() as ProjectDoc;
    expect(project).toMatchObject({ status: 'failed', run_active: false });
    expect(
      (
        await outbox()
          .doc(stageEvent(id, runId, 'stage1').id)
          .get()
      ).exists,
    ).toBe(false);
    const stage1 = await projects().doc(id).collection(GenerationCollections.stages).doc('stage1');
    expect((await stage1.get()).data()?.status).toBe('PENDING');
  });
});

describe('a stage whose project is being deleted', () => {
  it('stops without error when the stage records are already gone and the project not yet', async () => {
    const { id, runId } = await waiting();
    const project = projects().doc(id);
    // recursiveDelete removes the descendants before the document: this is the moment between.
    await project.collection(GenerationCollections.stages).doc('stage2').delete();
    const message = stageEvent(id, runId, 'stage1').data;
    const delivered = await deliverEvent(
      'runGenerationStage',
      pubsubEvent(Topics.generationStages, message),
    );
    // 204: acknowledged. A fault would answer 500 and Pub/Sub would redeliver it.
    expect(delivered.status).toBe(204);
    expect(
      (
        await outbox()
          .doc(stageEvent(id, runId, 'stage2').id)
          .get()
      ).exists,
    ).toBe(false);
    expect(
      (await project.collection(GenerationCollections.stages).doc('stage2').get()).exists,
    ).toBe(false);
    await testServices().generation.repository.deleteProject(id);
  });
});
