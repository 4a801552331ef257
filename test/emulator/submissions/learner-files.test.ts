import { httpsCallable } from 'firebase/functions';
import { api } from '../../helpers/api';
import { createUser, TEST_PASSWORD } from '../../helpers/auth';
import { callableError, clientSession } from '../../helpers/client-sdk';
import { submissionsBucket } from '../../helpers/services';
import { enrolledLearner, r, submission, uploadPng, useSubmissionsFixture } from './fixture';

/** A learner's own files: lists, soft delete, downloads, and nobody else's. */
const fx = useSubmissionsFixture();

describe('learner files', () => {
  it('soft-deletes: hidden from lists, file and record kept', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const deleted = await api(learner.token).delete(`/api/v1/users/me/submissions/${id}`);
    expect(deleted.body).toEqual({
      submission_id: id,
      deleted: true,
      deleted_at: expect.any(String),
    });
    const again = await api(learner.token).delete(`/api/v1/users/me/submissions/${id}`);
    expect(again.body.deleted_at).toBe(deleted.body.deleted_at);
    const listed = await api(learner.token).get(`${r(fx.exercise)}/submissions`);
    expect(listed.body.submissions.map((s: { id: string }) => s.id)).not.toContain(id);
    const doc = await submission(id);
    expect(doc.deleted_at).toBeDefined();
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(true);
    expect(
      (await api(learner.token).get(`/api/v1/users/me/submissions/download/${id}`)).status,
    ).toBe(404);
    // Deleting does not dodge review: the attempt still counts as submitted, so it stays queued.
    const queue = await api(fx.instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}&limit=100`,
    );
    const queued = queue.body.submissions.find((s: { id: string }) => s.id === id);
    expect(queued.deleted_by_learner_at).toBe(deleted.body.deleted_at);
  });

  it('keeps learners out of each other’s submissions (404), and out of review (permission-denied)', async () => {
    const owner = await enrolledLearner(fx, 'owner');
    const other = await enrolledLearner(fx, 'other');
    const { id } = await uploadPng(fx, owner);
    expect((await api(other.token).get(`/api/v1/users/me/submissions/download/${id}`)).status).toBe(
      404,
    );
    expect((await api(other.token).delete(`/api/v1/users/me/submissions/${id}`)).status).toBe(404);
    const theirList = await api(other.token).get(`${r(fx.exercise)}/submissions`);
    expect(theirList.body.submissions.map((s: { id: string }) => s.id)).not.toContain(id);
    // Seed 000: every instructor reviews, so any instructor may download for review.
    const anyInstructor = await createUser('instructor');
    expect(
      (await api(anyInstructor.token).get(`/api/v1/users/me/submissions/download/${id}`)).status,
    ).toBe(200);

    const asLearner = await clientSession({ email: other.email, password: TEST_PASSWORD });
    try {
      const denied = await callableError(
        httpsCallable(
          asLearner.functions,
          'reviewSubmission',
        )({ submission_id: id, submission_status: 'approved' }),
      );
      expect(denied.code).toBe('functions/permission-denied');
      const list = await callableError(
        httpsCallable(asLearner.functions, 'listPendingSubmissions')({}),
      );
      expect(list.code).toBe('functions/permission-denied');
    } finally {
      await asLearner.close();
    }
    expect(
      (
        await api(other.token).post(`/api/v1/admin/submissions/${id}/review`, {
          submission_status: 'approved',
        })
      ).status,
    ).toBe(403);
    expect((await submission(id)).status).toBe('uploaded');
  });
});
