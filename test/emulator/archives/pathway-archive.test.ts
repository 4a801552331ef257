import { api, type ApiResponse } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { fileBytes } from '../../helpers/files';
import { db } from '../../helpers/services';
import { FieldValue } from 'firebase-admin/firestore';
import { enrolledLearner, put, settled, useSubmissionsFixture } from '../submissions/fixture';

/** Deleting a pathway archives its enrollments and submissions instead of orphaning them. */
const fx = useSubmissionsFixture();

async function uploaded(learnerToken: string): Promise<string> {
  const bytes = fileBytes('png', 512);
  const opened = await api(learnerToken).post(`/api/v1/users/me/resources/${fx.exercise}/upload`, {
    file_name: 'sketch.png',
    content_type: 'image/png',
    size_bytes: bytes.length,
  });
  expect(opened.status).toBe(201);
  expect((await put(opened.body.upload, bytes)).status).toBe(200);
  await settled(opened.body.submission_id);
  return opened.body.submission_id as string;
}

describe('DELETE /api/v1/pathways/{id} archives what depends on the pathway', () => {
  it('keeps and marks the enrollments and submissions, lists them for admins, and finishes an interrupted archive', async () => {
    const [ada, bo] = [await enrolledLearner(fx), await enrolledLearner(fx)];
    const submissionId = await uploaded(ada.token);
    const pathwayId = fx.tree.pathwayId;

    const deleted = await api(fx.instructor.token).delete(`/api/v1/pathways/${pathwayId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({
      pathway_id: pathwayId,
      deleted: true,
      archived_enrollments: 2,
      archived_submissions: 1,
    });
    const mark = { pathway_id: pathwayId, pathway_title: `Pathway ${pathwayId}` };
    for (const learner of [ada, bo]) {
      const enrollment = await db()
        .collection('enrollments')
        .doc(`${learner.uid}_${pathwayId}`)
        .get();
      expect(enrollment.get('archived_with_pathway')).toMatchObject({
        ...mark,
        deleted_by: fx.instructor.uid,
      });
    }
    const submission = await db().collection('submissions').doc(submissionId).get();
    expect(submission.get('archived_with_pathway')).toMatchObject(mark);
    expect(submission.get('status')).toBe('uploaded');

    const admin = await createUser('admin');
    const detail = await api(admin.token).get(
      `/api/v1/admin/archives/pathways/${pathwayId}?records=submissions`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      pathway_id: pathwayId,
      state: 'archived',
      enrollments: 2,
      submissions: 1,
      records: 'submissions',
      items: [{ id: submissionId, user_id: ada.uid, status: 'uploaded', file_name: 'sketch.png' }],
    });
    const enrollments = await api(admin.token).get(
      `/api/v1/admin/archives/pathways/${pathwayId}?records=enrollments&limit=1`,
    );
    expect(enrollments.body.items).toHaveLength(1);
    const rest = await api(admin.token).get(
      `/api/v1/admin/archives/pathways/${pathwayId}?records=enrollments&limit=1&page_token=${enrollments.body.next_page_token}`,
    );
    expect(
      [...enrollments.body.items, ...rest.body.items]
        .map((i: { user_id: string }) => i.user_id)
        .sort(),
    ).toEqual([ada.uid, bo.uid].sort());
    let token: string | null = null;
    const listed: string[] = [];
    do {
      const page: ApiResponse = await api(admin.token).get(
        `/api/v1/admin/archives/pathways?limit=100${token ? `&page_token=${token}` : ''}`,
      );
      expect(page.status).toBe(200);
      listed.push(...page.body.archives.map((a: { pathway_id: string }) => a.pathway_id));
      token = page.body.next_page_token;
    } while (token);
    expect(listed).toContain(pathwayId);
    expect((await api(ada.token).get('/api/v1/admin/archives/pathways')).status).toBe(403);
    expect((await api(fx.instructor.token).get('/api/v1/admin/archives/pathways')).status).toBe(
      403,
    );

    // A delete that stopped half-way: the archive still `archiving`, one enrollment unmarked.
    await db().collection('pathwayArchives').doc(pathwayId).update({ state: 'archiving' });
    await db()
      .collection('enrollments')
      .doc(`${bo.uid}_${pathwayId}`)
      .update({ archived_with_pathway: FieldValue.delete() });
    const again = await api(fx.instructor.token).delete(`/api/v1/pathways/${pathwayId}`);
    expect(again.body).toEqual(deleted.body);
    const bos = await db().collection('enrollments').doc(`${bo.uid}_${pathwayId}`).get();
    expect(bos.get('archived_with_pathway')).toMatchObject(mark);
    expect((await db().collection('pathwayArchives').doc(pathwayId).get()).get('state')).toBe(
      'archived',
    );
    // Someone who may not act for the pathway learns nothing about it.
    const stranger = await createUser('instructor');
    expect((await api(stranger.token).delete(`/api/v1/pathways/${pathwayId}`)).status).toBe(404);
  });
});
