import { call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { db, submissionsBucket } from '../../helpers/services';
import { enrolledLearner, submission, uploadPng, useSubmissionsFixture } from './fixture';

/** `DELETE /api/v1/admin/submissions/{id}/file`: only an admin removes a learner's bytes. */
const fx = useSubmissionsFixture();

const purge = (id: string, token: string, body: unknown = { reason: 'Learner asked us to' }) =>
  call('DELETE', `/api/v1/admin/submissions/${id}/file`, { token, body });

describe('admin file deletion', () => {
  it('deletes the bytes, keeps the record marked, audits who and why, and answers the same again', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const before = await submission(id);
    const object = submissionsBucket().file(before.object_path);
    expect((await object.exists())[0]).toBe(true);

    const admin = await createUser('admin');
    const done = await purge(id, admin.token);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      submission_id: id,
      file_deleted: true,
      deleted_by: admin.uid,
      reason: 'Learner asked us to',
    });
    expect((await object.exists())[0]).toBe(false);
    const after = await submission(id);
    expect(after).toMatchObject({
      status: before.status,
      file_name: before.file_name,
      file_purge: { by: admin.uid, reason: 'Learner asked us to' },
    });
    const audits = await db()
      .collection('auditLog')
      .where('submission_id', '==', id)
      .where('action', '==', 'submission_file_purged')
      .get();
    expect(audits.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({
        actor_uid: admin.uid,
        details: expect.objectContaining({ reason: 'Learner asked us to' }),
      }),
    ]);

    const again = await purge(id, admin.token, { reason: 'Second click' });
    expect(again.body).toEqual(done.body);
    const download = await call('GET', `/api/v1/users/me/submissions/download/${id}`, {
      token: learner.token,
    });
    expect(download.status).toBe(409);
  });

  it('refuses instructors and learners, and asks for a reason', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    expect((await purge(id, fx.instructor.token)).status).toBe(403);
    expect((await purge(id, learner.token)).status).toBe(403);
    const admin = await createUser('admin');
    const noReason = await purge(id, admin.token, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');
    const object = submissionsBucket().file((await submission(id)).object_path);
    expect((await object.exists())[0]).toBe(true);
  });
});
