import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { api } from '../../helpers/api';
import type { TestUser } from '../../helpers/auth';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/** The fixture repository's text files, as an instructor's client sends them (JSON). */
export const fixtureRoot = path.resolve(__dirname, '..', '..', 'fixtures', 'generation', 'repo');

/** Every file of the fixture repository with its bytes. */
export function fixtureBytes(root = fixtureRoot, prefix = ''): { path: string; bytes: Buffer }[] {
  return readdirSync(path.join(root, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(path.join(root, rel)).isDirectory()) return fixtureBytes(root, rel);
      return [{ path: rel, bytes: readFileSync(path.join(root, rel)) }];
    });
}

export function fixtureFiles(): { path: string; content: string }[] {
  // JSON carries text: binary files are uploaded as part of an archive instead.
  return fixtureBytes()
    .filter((f) => !f.bytes.includes(0))
    .map((f) => ({ path: f.path, content: f.bytes.toString('utf8') }));
}

export async function projectWithSources(
  owner: TestUser,
  files: { path: string; content: string }[] = fixtureFiles(),
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await api(owner.token).post('/api/projects/', {
    title: 'Version Control with Git',
    ...extra,
  });
  const id = created.body.course_id as string;
  const added = await api(owner.token).post(`/api/projects/${id}/sources`, { files });
  if (added.status !== 200) throw new Error(`sources: ${JSON.stringify(added.body)}`);
  return id;
}

export interface Poll {
  status: string;
  progress_percentage: number;
  current_step: string;
  current_stage: string | null;
  error_message: string | null;
  at: number;
}

/** Polls the status endpoint like seed 002's loop until SUCCESS or FAILURE; every poll kept. */
export async function pollUntilDone(
  owner: TestUser,
  id: string,
  timeoutMs = 60_000,
): Promise<Poll[]> {
  const polls: Poll[] = [];
  const started = Date.now();
  await waitFor(
    async () => {
      const res = await api(owner.token).get(`/api/course-generation/${id}/status`);
      polls.push({ ...res.body, at: Date.now() - started });
      return res.body.status as string;
    },
    (s) => s === 'SUCCESS' || s === 'FAILURE',
    timeoutMs,
  );
  return polls;
}

export async function stageProgress(owner: TestUser, id: string, stage: string) {
  return (await api(owner.token).get(`/api/course-generation/${stage}/progress?course_id=${id}`))
    .body;
}

/** The draft pathway as stored, without timestamps: what "byte-identical" compares. */
export async function draftSnapshot(pathwayId: string): Promise<string> {
  const strip = (d: FirebaseFirestore.DocumentData) => {
    const { created_at: _c, updated_at: _u, ...rest } = d;
    return rest;
  };
  const read = async (collection: string) =>
    (await db().collection(collection).where('pathway_id', '==', pathwayId).get()).docs
      .map((d) => [d.id, strip(d.data())] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
  const pathway = (await db().collection('pathways').doc(pathwayId).get()).data();
  return JSON.stringify({
    outline: pathway?.outline,
    modules: await read('modules'),
    resources: await read('resources'),
    keys: await read('quizKeys'),
  });
}
