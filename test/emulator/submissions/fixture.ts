import { api } from '../../helpers/api';
import { createUser, TEST_PASSWORD, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree, type TreeModule } from '../../helpers/catalog';
import { clientSession, type ClientSession } from '../../helpers/client-sdk';
import { fileBytes } from '../../helpers/files';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * What every submissions test starts from: a published pathway with a video, an exercise that
 * takes PNG or PDF up to 5 MB and a project that takes PDF up to 50 MB, its instructor, and the
 * instructor signed in through the Firebase JS SDK (for the review callables).
 */
export interface SubmissionsFixture {
  instructor: TestUser;
  tree: Tree;
  exercise: string;
  project: string;
  reviewer: ClientSession;
}

/** A video, an exercise taking PNG or PDF up to 5 MB and a project taking PDF up to 50 MB. */
export const UPLOADS_MODULE: TreeModule = {
  resources: [
    { type: 'video' },
    {
      type: 'exercise',
      requires_upload: true,
      accepted_file_types: ['image/png', 'application/pdf'],
      max_file_size_mb: 5,
    },
    {
      type: 'project',
      requires_upload: true,
      accepted_file_types: ['application/pdf'],
      max_file_size_mb: 50,
    },
  ],
};

/** Builds the fixture before the file's tests and closes its client session after them. */
export function useSubmissionsFixture(): SubmissionsFixture {
  const fx = {} as SubmissionsFixture;
  beforeAll(async () => {
    fx.instructor = await createUser('instructor');
    fx.tree = await buildPathway(fx.instructor.token, [UPLOADS_MODULE], { publish: true });
    fx.exercise = fx.tree.modules[0]?.resources[1] as string;
    fx.project = fx.tree.modules[0]?.resources[2] as string;
    fx.reviewer = await clientSession({ email: fx.instructor.email, password: TEST_PASSWORD });
  });
  afterAll(async () => {
    await fx.reviewer.close();
  });
  return fx;
}

export const r = (id: string) => `/api/v1/users/me/resources/${id}`;

export async function enrolledLearner(
  fx: SubmissionsFixture,
  label = 'learner',
): Promise<TestUser> {
  const learner = await createUser('learner', label);
  const enrolled = await api(learner.token).post(`/api/v1/pathways/${fx.tree.pathwayId}/enroll`);
  expect(enrolled.status).toBe(201);
  return learner;
}

export async function openUpload(learner: TestUser, resourceId: string, body: object) {
  return api(learner.token).post(`${r(resourceId)}/upload`, body);
}

export async function put(
  upload: { url: string; headers: Record<string, string> },
  bytes: Buffer,
  extraHeaders: Record<string, string> = {},
) {
  return fetch(upload.url, {
    method: 'PUT',
    headers: { ...upload.headers, ...extraHeaders },
    body: new Uint8Array(bytes),
  });
}

export async function submission(id: string): Promise<any> {
  return (await db().collection('submissions').doc(id).get()).data();
}

export async function settled(id: string): Promise<any> {
  return waitFor(
    () => submission(id),
    (s) => s?.status !== 'awaiting_upload' && s?.status !== 'scan_pending',
  );
}

export async function uploadPng(
  fx: SubmissionsFixture,
  learner: TestUser,
  size = 2048,
): Promise<{ id: string; bytes: Buffer }> {
  const bytes = fileBytes('png', size);
  const opened = await openUpload(learner, fx.exercise, {
    file_name: 'mood board.png',
    content_type: 'image/png',
    size_bytes: size,
  });
  expect(opened.status).toBe(201);
  const response = await put(opened.body.upload, bytes);
  expect(response.status).toBe(200);
  await settled(opened.body.submission_id);
  return { id: opened.body.submission_id, bytes };
}
