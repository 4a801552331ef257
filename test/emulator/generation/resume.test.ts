import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { db, testServices } from '../../helpers/services';
import { deterministicGenerator, type CourseGenerator } from '../../../shared/generation/generator';
import type { StageDoc, StageMessage } from '../../../shared/generation/model';
import { Stages } from '../../../shared/generation/plan';
import { pendingStage } from '../../../shared/generation/runs';
import { StageRunner } from '../../../shared/generation/stage-runner';
import { draftSnapshot, pollUntilDone, projectWithSources, stageProgress } from './fixture';

/**
 * A stage that dies half-way: a runner built from the product's own classes, over a generator
 * that dies on the fourth document, handles a stage message; then the deployed function gets
 * the redelivered message and must finish without recomputing any unit the first attempt stored.
 */
describe('resuming a stage that crashed', () => {
  let owner: TestUser;
  let id: string;

  beforeAll(async () => {
    owner = await createUser('instructor', 'gen-resume');
    id = await projectWithSources(owner);
    await api(owner.token).post(`/api/course-generation/${id}/start`);
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
  });

  it('recomputes no finished unit and produces the same draft', async () => {
    const project = db().collection('courseProjects').doc(id);
    const pathwayId = (await project.get()).data()?.pathway_id as string;
    const before = await draftSnapshot(pathwayId);

    // A new run whose document analyses are gone, so stage 2 has seven units to compute.
    const units = await project
      .collection('units')
      .where('kind', 'in', ['analysis', 'terms'])
      .get();
    await Promise.all(units.docs.map((d) => d.ref.delete()));
    const runId = 'crashrun0000000000001';
    const stage1 = (await project.collection('stages').doc('stage1').get()).data() as StageDoc;
    await project.update({ status: 'generating', run_id: runId, run_active: true });
    await project
      .collection('stages')
      .doc('stage1')
      .set({ ...stage1, task_id: `${runId}-stage1` });
    for (const stage of Stages.slice(1))
      await project
        .collection('stages')
        .doc(stage)
        .set(pendingStage(runId, stage, 'Waiting'));

    // The process dies while analysing the fourth document.
    let analysed = 0;
    const dying: CourseGenerator = {
      ...deterministicGenerator,
      analyse: (doc) => {
        analysed += 1;
        if (analysed === 4) throw new Error('injected crash');
        return deterministicGenerator.analyse(doc);
      },
    };
    const s = testServices();
    const crashing = new StageRunner(
      s.generation.repository,
      s.outbox,
      dying,
      s.catalog.drafts,
      s.catalog.pathways,
      s.generation.sourceFiles,
    );
    const message: StageMessage = {
      type: 'generation_stage',
      course_id: id,
      run_id: runId,
      stage: 'stage2',
    };
    await expect(crashing.handle(message, { requestId: 'crash' })).rejects.toThrow(
      'injected crash',
    );
    expect(await stageProgress(owner, id, 'stage2')).toMatchObject({
      status: 'STARTED',
      units_computed: 0,
    });
    const stored = (await project.collection('units').where('kind', '==', 'analysis').get()).size;
    expect(stored).toBe(3);

    const redelivered = await deliverEvent(
      'runGenerationStage',
      pubsubEvent('generation-stages', message),
    );
    expect(redelivered.status).toBe(204);
    // Four analyses and the key terms computed; the three stored before the crash reused.
    expect(await stageProgress(owner, id, 'stage2')).toMatchObject({
      status: 'SUCCESS',
      units_computed: 4 + 1,
      units_reused: 3,
    });
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
    expect(await draftSnapshot(pathwayId)).toBe(before);
  });
});
