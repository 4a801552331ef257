import { createHash } from 'node:crypto';
import type { StageMessage } from '../../../../shared/generation/model';
import { Stages } from '../../../../shared/generation/plan';
import { Topics } from '../../../../shared/triggers';
import { api } from '../../../helpers/api';
import { createUser, type TestUser } from '../../../helpers/auth';
import { pubsubEvent } from '../../../helpers/events';
import { db } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import { draftSnapshot, pollUntilDone, projectWithSources } from '../../generation/fixture';
import { redeliver, redispatch, type Scenario } from './scenario';

/**
 * One course project for both generation scenarios, generated once; each preparation starts a
 * new run of it (every unit reused, so runs are quick) and delivers that run's messages again.
 */
let project: Promise<{ owner: TestUser; id: string }> | undefined;

function generated() {
  project ??= (async () => {
    const owner = await createUser('instructor', 'dup-generation');
    const id = await projectWithSources(owner);
    await startRun(owner, id);
    await pollUntilDone(owner, id);
    return { owner, id };
  })();
  return project;
}

async function startRun(owner: TestUser, id: string): Promise<string> {
  const started = await api(owner.token).post(`/api/course-generation/${id}/start`);
  if (started.status !== 202) throw new Error(`start: ${started.status}`);
  return started.body.run_id as string;
}

/** The finished run: project and stage states, and a digest of the draft it wrote. */
async function finished(owner: TestUser, id: string) {
  const polls = await pollUntilDone(owner, id);
  const ref = db().collection('courseProjects').doc(id);
  const doc = (await ref.get()).data();
  const stages = await Promise.all(
    Stages.map(async (stage) => (await ref.collection('stages').doc(stage).get()).data()?.status),
  );
  const draft = await draftSnapshot(doc?.pathway_id as string);
  return {
    result: polls.at(-1)?.status,
    status: doc?.status,
    run_active: doc?.run_active,
    stages,
    draft: createHash('sha256').update(draft).digest('hex'),
  };
}

export const startGeneration: Scenario = {
  async prepare() {
    const { owner, id } = await generated();
    const runId = await startRun(owner, id);
    const name = 'startGeneration';
    let next: string | undefined;
    return {
      deliver: redispatch(name, { course_id: id, run_id: runId }),
      async deliverLater() {
        await pollUntilDone(owner, id);
        next ??= await startRun(owner, id);
        return redispatch(name, { course_id: id, run_id: next })();
      },
      observe: () => finished(owner, id),
    };
  },
};

export const runGenerationStage: Scenario = {
  async prepare() {
    const { owner, id } = await generated();
    const runId = await startRun(owner, id);
    // Stage messages exist only once the start queue admitted the run: wait for that first.
    const ref = db().collection('courseProjects').doc(id);
    await waitFor(
      async () => (await ref.get()).data(),
      (doc) => doc?.run_active === true || doc?.status !== 'generating',
    );
    const message = (stage: StageMessage['stage']): StageMessage => ({
      type: 'generation_stage',
      course_id: id,
      run_id: runId,
      stage,
    });
    const topic = Topics.generationStages;
    return {
      deliver: redeliver('runGenerationStage', pubsubEvent(topic, message('stage1'))),
      deliverLater: redeliver('runGenerationStage', pubsubEvent(topic, message('stage2'))),
      observe: () => finished(owner, id),
    };
  },
};
