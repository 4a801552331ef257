import { api } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { db } from '../../helpers/services';
import { MAX_CONCURRENT_GENERATIONS } from '../../../shared/triggers';
import { pollUntilDone, projectWithSources, stageProgress } from './fixture';

/**
 * The start queue admits a generation only while fewer than the deployment's limit run: with
 * every slot taken, a started project waits in the queue (Cloud Tasks retries its admission)
 * and runs as soon as a slot frees.
 */
describe('pacing generations', () => {
  it('holds a start while every slot is taken and runs it once one frees', async () => {
    const owner = await createUser('instructor', 'gen-pacing');
    const id = await projectWithSources(owner, [
      { path: 'a.md', content: '# A\n\nSome words to read.' },
    ]);
    const busy = Array.from({ length: MAX_CONCURRENT_GENERATIONS }, (_, i) =>
      db().collection('courseProjects').doc(`pacing-busy-${i}-${id}`),
    );
    try {
      await Promise.all(
        busy.map((ref) => ref.set({ user_id: 'someone', run_active: true, status: 'generating' })),
      );
      expect((await api(owner.token).post(`/api/course-generation/${id}/start`)).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await stageProgress(owner, id, 'stage1')).toMatchObject({
        status: 'PENDING',
        current_step: 'Queued',
      });
      expect((await db().collection('courseProjects').doc(id).get()).data()?.run_active).toBe(
        false,
      );
      await busy[0]!.update({ run_active: false });
      expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
      expect((await db().collection('courseProjects').doc(id).get()).data()?.run_active).toBe(
        false,
      );
    } finally {
      await Promise.all(busy.map((ref) => ref.delete()));
    }
  });
});
