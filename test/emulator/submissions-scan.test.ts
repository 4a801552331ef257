import { db } from '../helpers/services';
import type { StorageObjectData } from '../../shared/platform/functions';
import { testServices } from '../helpers/services';
import type { SubmissionDoc } from '../../shared/submissions/model';
import { api } from '../helpers/api';
import { createUser, type TestUser } from '../helpers/auth';
import { buildPathway, type Tree } from '../helpers/catalog';

/**
 * The malware-scan step's states, driven through `settleScan` as an asynchronous scanner would
 * call it: scan_pending → clean (uploaded, counts as submitted) or infected (rejected_invalid).
 */
let instructor: TestUser;
let tree: Tree;
let exercise: string;

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await buildPathway(
    instructor.token,
    [
      {
        resources: [
          { type: 'exercise', requires_upload: true, accepted_file_types: ['application/pdf'] },
        ],
      },
    ],
    { publish: true },
  );
  exercise = tree.modules[0]?.resources[0] as string;
});

async function opened(
  learner: TestUser,
): Promise<{ id: string; doc: SubmissionDoc; object: StorageObjectData }> {
  await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
  const res = await api(learner.token).post(`/api/v1/users/me/resources/${exercise}/upload`, {
    file_name: 'report.pdf',
    content_type: 'application/pdf',
    size_bytes: 2000,
  });
  const id = res.body.submission_id as string;
  const doc = (await db().collection('submissions').doc(id).get()).data() as SubmissionDoc;
  const object: StorageObjectData = {
    bucket: doc.bucket,
    name: doc.object_path,
    generation: '1700000000000001',
    size: '2000',
    contentType: 'application/pdf',
    md5Hash: 'bWQ1',
    crc32c: 'AAAAAA==',
  };
  return { id, doc, object };
}

const read = async (id: string) =>
  (await db().collection('submissions').doc(id).get()).data() as SubmissionDoc;

describe('malware scan states', () => {
  it('holds a file as scan_pending, then records it when the scanner says clean', async () => {
    const learner = await createUser('learner');
    const { id, doc, object } = await opened(learner);
    await testServices().submissions.finalize.settleScan(
      id,
      doc,
      object,
      'application/pdf',
      { state: 'pending', detail: 'queued' },
      'scan-1',
    );
    expect(await read(id)).toMatchObject({
      status: 'scan_pending',
      scan: { state: 'pending', detail: 'queued' },
    });
    const waiting = await api(learner.token).get(`/api/v1/users/me/resources/${exercise}/progress`);
    expect(waiting.body.status).not.toBe('submitted');

    await testServices().submissions.finalize.settleScan(
      id,
      await read(id),
      object,
      'application/pdf',
      { state: 'clean', detail: null },
      'scan-2',
    );
    expect(await read(id)).toMatchObject({
      status: 'uploaded',
      attempt_number: 1,
      scan: { state: 'clean' },
    });
    const progress = await api(learner.token).get(
      `/api/v1/users/me/resources/${exercise}/progress`,
    );
    expect(progress.body).toMatchObject({ status: 'submitted', submission_count: 1 });
  });

  it('rejects an infected file, tells the learner and records nothing toward progress', async () => {
    const learner = await createUser('learner');
    const { id, doc, object } = await opened(learner);
    await testServices().submissions.finalize.settleScan(
      id,
      doc,
      object,
      'application/pdf',
      { state: 'infected', detail: 'EICAR-Test-File' },
      'scan-3',
    );
    const after = await read(id);
    expect(after).toMatchObject({ status: 'rejected_invalid', scan: { state: 'infected' } });
    expect(after.rejection_reason).toBe('Malware found: EICAR-Test-File');
    expect((await db().collection('mail').doc(`submission-invalid-${id}`).get()).exists).toBe(true);
    const progress = await api(learner.token).get(
      `/api/v1/users/me/resources/${exercise}/progress`,
    );
    expect(progress.body.submission_count).toBe(0);
  });
});
