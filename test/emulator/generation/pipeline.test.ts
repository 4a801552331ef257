import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import { draftPathwayId } from '../../../shared/generation/catalog-draft';
import { checkGrounding, plainText } from '../../../shared/generation/quiz';
import {
  draftSnapshot,
  fixtureFiles,
  pollUntilDone,
  projectWithSources,
  stageProgress,
} from './fixture';

interface QuizKey {
  answers: Record<string, number[]>;
  sources: Record<string, { document_id: string; path: string; start: number; end: number }>;
}

describe('the generation pipeline on the fixture repository', () => {
  let owner: TestUser;
  let id: string;
  let pathwayId: string;

  beforeAll(async () => {
    owner = await createUser('instructor', 'gen-owner');
    id = await projectWithSources(owner);
  });

  it('runs the four stages to a draft pathway, progress only moving forward', async () => {
    const start = await api(owner.token).post(`/api/course-generation/${id}/start`);
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({
      course_id: id,
      status: 'PENDING',
      task_id: `${start.body.run_id}-stage1`,
    });
    const polls = await pollUntilDone(owner, id);
    const last = polls[polls.length - 1]!;
    expect(last).toMatchObject({
      status: 'SUCCESS',
      progress_percentage: 100,
      current_stage: 'stage4',
    });
    expect(polls[0]!.at).toBeLessThan(2000);
    expect(polls[0]!.current_step).not.toBe('');
    for (let i = 1; i < polls.length; i += 1)
      expect(polls[i]!.progress_percentage).toBeGreaterThanOrEqual(
        polls[i - 1]!.progress_percentage,
      );
    const project = await api(owner.token).get(`/api/projects/${id}`);
    expect(project.body.status).toBe('ready');
    pathwayId = project.body.pathway_id;
    expect(pathwayId).toMatch(/^course-[0-9a-f]{16}$/);
  });

  it('reports each stage in seed 002’s shape, with what it produced', async () => {
    const stage1 = await stageProgress(owner, id, 'stage1');
    expect(stage1).toMatchObject({
      status: 'SUCCESS',
      progress_percentage: 100,
      result: { documents: 7, skipped: 7 },
    });
    const stage2 = await stageProgress(owner, id, 'stage2');
    expect(stage2).toMatchObject({
      stage: 'stage2',
      status: 'SUCCESS',
      current_step: 'Document analysis complete',
      error_message: null,
      units_computed: 8,
      units_reused: 0,
    });
    expect(Date.parse(stage2.completed_at)).toBeGreaterThanOrEqual(Date.parse(stage2.started_at));
    const stage4 = await stageProgress(owner, id, 'stage4');
    expect(stage4.result).toMatchObject({ modules: 4 });
  });

  it('writes modules, articles, exercises and keyed quizzes whose answers their cited spans contain', async () => {
    const pathway = await api(owner.token).get(`/api/v1/pathways/${pathwayId}`);
    expect(pathway.status).toBe(200);
    expect(pathway.body.status).toBe('draft');
    expect(pathway.body.modules.map((m: { title: string }) => m.title)).toEqual([
      'Version Control with Git',
      'Basics',
      'Branching',
      'Remotes',
    ]);
    const texts = new Map(fixtureFiles().map((f) => [f.path, f.content]));
    const quizzes = await db()
      .collection('resources')
      .where('pathway_id', '==', pathwayId)
      .where('type', '==', 'quiz')
      .get();
    expect(quizzes.size).toBe(4);
    let questions = 0;
    for (const quiz of quizzes.docs) {
      const key = (await db().collection('quizKeys').doc(quiz.id).get()).data() as QuizKey;
      for (const q of quiz.data().quiz.questions as {
        id: string;
        prompt: string;
        options: string[];
      }[]) {
        questions += 1;
        const source = key.sources[q.id]!;
        const answerIndex = key.answers[q.id]![0]!;
        const text = texts.get(source.path)!;
        const answer = q.options[answerIndex]!;
        expect(plainText(text.slice(source.start, source.end)).toLowerCase()).toContain(answer);
        expect(
          checkGrounding(
            {
              question_id: q.id,
              prompt: q.prompt,
              options: q.options,
              answer_index: answerIndex,
              answer,
              source,
            },
            text,
          ),
        ).toEqual([]);
      }
    }
    expect(questions).toBeGreaterThanOrEqual(8);
    const types = (
      await db().collection('resources').where('pathway_id', '==', pathwayId).get()
    ).docs.map((d) => d.data().type);
    expect(types.filter((t) => t === 'exercise')).toHaveLength(4);
  });

  it('does not run a finished stage again for a duplicate message', async () => {
    const before = await stageProgress(owner, id, 'stage2');
    const project = (await db().collection('courseProjects').doc(id).get()).data()!;
    const res = await deliverEvent(
      'runGenerationStage',
      pubsubEvent('generation-stages', {
        type: 'generation_stage',
        course_id: id,
        run_id: project.run_id,
        stage: 'stage2',
      }),
    );
    expect(res.status).toBe(204);
    expect(await stageProgress(owner, id, 'stage2')).toEqual(before);
  });

  it('gives an identical draft from unchanged sources, computing nothing again', async () => {
    const before = await draftSnapshot(pathwayId);
    expect((await api(owner.token).post(`/api/course-generation/${id}/start`)).status).toBe(202);
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
    for (const stage of ['stage1', 'stage2', 'stage3', 'stage4'])
      expect((await stageProgress(owner, id, stage)).units_computed).toBe(0);
    expect(await draftSnapshot(pathwayId)).toBe(before);
  });

  it('recomputes only the changed document and what depends on it', async () => {
    const files = fixtureFiles().filter((f) => f.path === 'docs/10-remotes/remotes.md');
    const changed = files.map((f) => ({
      ...f,
      content: f.content.replace('usually hosted', 'often hosted'),
    }));
    expect(
      (await api(owner.token).post(`/api/projects/${id}/sources`, { files: changed })).status,
    ).toBe(200);
    expect((await api(owner.token).post(`/api/course-generation/${id}/start`)).status).toBe(202);
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
    // Stage 1: the new inventory and the changed document's text.
    expect(await stageProgress(owner, id, 'stage1')).toMatchObject({
      units_computed: 2,
      units_reused: 6,
    });
    // Stage 2: that document's analysis and the corpus's key terms; six analyses reused.
    expect(await stageProgress(owner, id, 'stage2')).toMatchObject({
      units_computed: 2,
      units_reused: 6,
    });
    // Stage 4: the Remotes module's content; the three other modules reused.
    expect(await stageProgress(owner, id, 'stage4')).toMatchObject({
      units_computed: 1,
      units_reused: 3,
    });
  });

  it('publishes the reviewed draft, after which it is final', async () => {
    const published = await api(owner.token).put(`/api/projects/${id}`, { status: 'published' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await api(owner.token).get(`/api/v1/pathways/${pathwayId}`)).body.status).toBe(
      'published',
    );
    const again = await api(owner.token).post(`/api/course-generation/${id}/start`);
    expect(again.status).toBe(409);
  });
});

describe('failures and deletion', () => {
  let owner: TestUser;

  beforeAll(async () => {
    owner = await createUser('instructor', 'gen-fail');
  });

  it('ends in FAILURE with a readable message when no source can be taught from, and retries', async () => {
    const id = await projectWithSources(owner, [
      { path: 'notes.bin.md', content: 'PK\u0000\u0003 not text' },
      { path: 'vendor/lib.md', content: '# Vendored' },
    ]);
    await api(owner.token).post(`/api/course-generation/${id}/start`);
    const last = (await pollUntilDone(owner, id)).at(-1)!;
    expect(last).toMatchObject({
      status: 'FAILURE',
      current_stage: 'stage1',
      error_message:
        'No document among the 2 source files can be taught from (1 binary, 1 vendored); add Markdown or text files',
    });
    expect((await api(owner.token).get(`/api/projects/${id}`)).body.status).toBe('failed');
    expect((await api(owner.token).get(`/api/course-generation/${id}/status`)).body.status).toBe(
      'FAILURE',
    );

    await api(owner.token).post(`/api/projects/${id}/sources`, {
      files: [{ path: 'guide.md', content: '# Guide\n\nA guide with enough words to read.' }],
    });
    const retry = await api(owner.token).post(`/api/course-generation/${id}/retry`);
    expect(retry.status).toBe(202);
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
  });

  it('only retries a failed generation', async () => {
    const id = await projectWithSources(owner, [{ path: 'a.md', content: '# A\n\nText.' }]);
    const res = await api(owner.token).post(`/api/course-generation/${id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([{ path: 'status', message: 'is draft, not failed' }]);
  });

  it('deletes a project during generation: everything goes and the stage stops without error', async () => {
    const id = await projectWithSources(owner);
    await api(owner.token).post(`/api/course-generation/${id}/start`);
    await waitFor(
      () => stageProgress(owner, id, 'stage2'),
      (s) => s.status === 'STARTED' || s.status === 'SUCCESS',
    );
    expect((await api(owner.token).delete(`/api/projects/${id}`)).status).toBe(200);
    // Give any stage in flight time to notice, then nothing of the project may be left.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ref = db().collection('courseProjects').doc(id);
    expect((await ref.get()).exists).toBe(false);
    for (const sub of ['stages', 'sources', 'units'])
      expect((await ref.collection(sub).get()).size).toBe(0);
    const pathwayId = draftPathwayId(id);
    expect((await db().collection('pathways').doc(pathwayId).get()).exists).toBe(false);
    expect((await db().collection('modules').where('pathway_id', '==', pathwayId).get()).size).toBe(
      0,
    );
    expect((await api(owner.token).get(`/api/projects/${id}`)).status).toBe(404);
  });
});
