import { mailDocument, waitForSink } from '../../helpers/mail';
import { httpsCallable } from 'firebase/functions';
import { api, call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { fileBytes, md5Base64 } from '../../helpers/files';
import { db, submissionsBucket } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  enrolledLearner,
  openUpload,
  put,
  r,
  settled,
  submission,
  uploadPng,
  useSubmissionsFixture,
} from './fixture';

/** Review: the queue, approval and rejection, feedback files, and progress following them. */
const fx = useSubmissionsFixture();

describe('the upload → finalize → review flow, end to end', () => {
  it('records a signed-URL upload, shows it in progress, and completes the resource on approval', async () => {
    const learner = await enrolledLearner(fx);
    // Review mail may wait out quiet hours; this learner has none, so it goes at once.
    await api(learner.token).patch('/api/v1/users/me/notifications', { quiet_hours: null });
    await api(learner.token).post(`${r(fx.tree.modules[0]?.resources[0] as string)}/complete`);
    const bytes = fileBytes('png', 5000);

    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'Mood board (v1).png',
      content_type: 'image/png',
      size_bytes: bytes.length,
      notes: 'First try',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.submission_id;
    expect(opened.body).toMatchObject({
      resource_id: fx.exercise,
      file_name: 'Mood board (v1).png',
      file_size_bytes: 5000,
      file_type: 'image/png',
      submission_status: 'awaiting_upload',
      upload: {
        method: 'PUT',
        resumable: false,
        headers: {
          'Content-Type': 'image/png',
          'x-goog-content-length-range': '5000,5000',
          'x-goog-if-generation-match': '0',
        },
      },
    });
    expect(opened.body.gcs_url).toMatch(
      new RegExp(
        `/pathways/${fx.tree.pathwayId}/users/${learner.uid}/resources/${fx.exercise}/\\d{8}T\\d{6}Z_${id}_Mood_board_v1_.png$`,
      ),
    );
    expect(new URL(opened.body.upload.url).searchParams.get('X-Goog-Algorithm')).toBe(
      'GOOG4-RSA-SHA256',
    );
    const ttl = Date.parse(opened.body.expires_at) - Date.parse(opened.body.created_at);
    expect(ttl).toBe(Number(process.env.PATHWISE_UPLOAD_URL_TTL_SECONDS) * 1000);

    expect((await put(opened.body.upload, bytes)).status).toBe(200);
    const recorded = await settled(id);
    expect(recorded).toMatchObject({
      status: 'uploaded',
      attempt_number: 1,
      actual_size: 5000,
      detected_type: 'image/png',
      md5_hash: md5Base64(bytes),
    });
    expect(recorded.crc32c).toEqual(expect.any(String));
    expect(recorded.generation).toEqual(expect.any(String));
    expect(recorded.scan).toMatchObject({ state: 'clean', scanner: 'none' });

    const progress = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(progress.body).toMatchObject({
      status: 'submitted',
      submission_count: 1,
      submission_required: true,
      module_progress: 66.7,
    });
    expect(progress.body.submissions).toEqual([
      expect.objectContaining({
        id,
        file_name: 'Mood board (v1).png',
        file_size_bytes: 5000,
        file_type: 'image/png',
        submission_status: 'uploaded',
        attempt_number: 1,
      }),
    ]);
    const listed = await api(learner.token).get(`${r(fx.exercise)}/submissions`);
    expect(listed.body.submissions.map((s: { id: string }) => s.id)).toEqual([id]);

    const pending = await httpsCallable(
      fx.reviewer.functions,
      'listPendingSubmissions',
    )({ pathway_id: fx.tree.pathwayId });
    const item = (pending.data as any).submissions.find((s: { id: string }) => s.id === id);
    expect(item).toMatchObject({
      user_id: learner.uid,
      user_email: learner.email,
      user_name: learner.name,
      resource_id: fx.exercise,
      resource_title: 'Resource 1.2',
      resource_type: 'exercise',
      submission_status: 'uploaded',
      attempt_number: 1,
    });
    expect(item.hours_waiting).toBeGreaterThanOrEqual(0);
    expect((pending.data as any).total_pending).toBeGreaterThanOrEqual(1);

    const download = await call('GET', `/api/v1/users/me/submissions/download/${id}`, {
      token: fx.instructor.token,
    });
    expect(download.status).toBe(200);
    const fetched = await fetch(download.body.signed_url);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

    const review = await httpsCallable(
      fx.reviewer.functions,
      'reviewSubmission',
    )({
      submission_id: id,
      submission_status: 'approved',
      grade: 'pass',
      review_comments: 'Great work! The mood board clearly shows the design direction.',
    });
    expect(review.data).toMatchObject({
      submission_id: id,
      submission_status: 'approved',
      reviewed_by: fx.instructor.uid,
      grade: 'pass',
      stale_attempt: false,
      resource_status: 'completed',
      review_comments: 'Great work! The mood board clearly shows the design direction.',
    });
    const after = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(after.body).toMatchObject({ status: 'completed', module_progress: 66.7 });
    const mail = await mailDocument({
      type: 'submission_review',
      user_id: learner.uid,
      entity: { collection: 'submissions', id },
      period: 'review-1',
    });
    expect(mail).toMatchObject({
      to: learner.email,
      message: { subject: 'Approved: Resource 1.2' },
    });
    // The enrolment confirmation came first.
    const delivered = (await waitForSink(learner.email, 2)).find((m) =>
      m.subject?.startsWith('Approved'),
    );
    expect(delivered?.subject).toBe('Approved: Resource 1.2');
    expect(delivered?.text).toContain(
      'Great work! The mood board clearly shows the design direction.',
    );
    expect(delivered?.headers['list-unsubscribe']?.[0]).toMatch(
      /\/api\/v1\/email\/unsubscribe\?token=/,
    );
    const audits = await db().collection('auditLog').where('submission_id', '==', id).get();
    expect(audits.docs.map((d) => d.data().action).sort()).toEqual([
      'download_url_issued',
      'submission_reviewed',
      'upload_url_issued',
    ]);
  });
});

describe('review', () => {
  it('returns a rejected resource to in_progress for a resubmission, and flags a review of the older attempt', async () => {
    const learner = await enrolledLearner(fx);
    const first = await uploadPng(fx, learner);
    const rejected = await api(fx.instructor.token).post(
      `/api/v1/admin/submissions/${first.id}/review`,
      {
        submission_status: 'rejected',
        review_comments: 'Needs three images',
      },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      submission_status: 'rejected',
      grade: 'fail',
      resource_status: 'in_progress',
      stale_attempt: false,
    });
    const reopened = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(reopened.body).toMatchObject({ status: 'in_progress', module_progress: 0 });

    const second = await uploadPng(fx, learner, 4096);
    expect((await submission(second.id)).attempt_number).toBe(2);
    const resubmitted = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', submission_count: 2 });

    const late = await api(fx.instructor.token).post(
      `/api/v1/admin/submissions/${first.id}/review`,
      {
        submission_status: 'approved',
      },
    );
    expect(late.body).toMatchObject({ stale_attempt: true, resource_status: 'submitted' });
    const history = (await submission(first.id)).review_history;
    expect(
      history.map((h: any) => [h.old_status, h.status, h.old_grade, h.grade, h.stale_attempt]),
    ).toEqual([
      ['uploaded', 'rejected', null, 'fail', false],
      ['rejected', 'approved', 'fail', 'pass', true],
    ]);
    const bad = await api(fx.instructor.token).post(
      `/api/v1/admin/submissions/${second.id}/review`,
      {
        submission_status: 'approved',
        grade: 'fail',
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('grade');
  });

  it('hands the reviewer a signed URL for a feedback file the learner can then download', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const feedback = fileBytes('text', 300);
    const review = await api(fx.instructor.token).post(`/api/v1/admin/submissions/${id}/review`, {
      submission_status: 'approved',
      feedback_file: {
        file_name: 'notes.txt',
        content_type: 'text/plain',
        size_bytes: feedback.length,
      },
    });
    expect(review.body.feedback_upload).toMatchObject({
      method: 'PUT',
      object_path: expect.stringMatching(new RegExp(`^feedback/${id}/`)),
    });
    expect((await put(review.body.feedback_upload, feedback)).status).toBe(200);
    // The file is checked on arrival (finalize) before the learner can have it.
    await waitFor(
      () => submission(id),
      (s) => s?.review?.feedback_file?.status === 'uploaded',
    );
    const download = await api(learner.token).get(
      `/api/v1/users/me/submissions/download/${id}?file=feedback`,
    );
    expect(download.body.file_name).toBe('notes.txt');
    expect(
      Buffer.from(await (await fetch(download.body.signed_url)).arrayBuffer()).equals(feedback),
    ).toBe(true);
    expect((await submission(id)).status).toBe('approved');
  });

  it('refuses a feedback file that is not what the reviewer declared, and deletes it (security finding 9)', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const html = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(400, ' '));
    const review = await api(fx.instructor.token).post(`/api/v1/admin/submissions/${id}/review`, {
      submission_status: 'approved',
      feedback_file: {
        file_name: 'notes.pdf',
        content_type: 'application/pdf',
        size_bytes: html.length,
      },
    });
    expect((await put(review.body.feedback_upload, html)).status).toBe(200);
    const checked = await waitFor(
      () => submission(id),
      (s) => s?.review?.feedback_file?.status === 'rejected',
    );
    expect(checked.review.feedback_file.rejection_reason).toMatch(/not application\/pdf/);
    const download = await api(learner.token).get(
      `/api/v1/users/me/submissions/download/${id}?file=feedback`,
    );
    expect(download.status).toBe(404);
    await waitFor(
      async () =>
        (await submissionsBucket().file(review.body.feedback_upload.object_path).exists())[0],
      (exists) => exists === false,
    );
  });

  it('pages the review queue with limit, offset and a cursor, and counts it', async () => {
    const learners = await Promise.all([
      enrolledLearner(fx, 'q1'),
      enrolledLearner(fx, 'q2'),
      enrolledLearner(fx, 'q3'),
    ]);
    for (const learner of learners) await uploadPng(fx, learner);
    const all = await api(fx.instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}&limit=100`,
    );
    const total = all.body.total_pending;
    expect(all.body.submissions).toHaveLength(total);
    const waits = all.body.submissions.map((s: { uploaded_at: string }) =>
      Date.parse(s.uploaded_at),
    );
    expect([...waits].sort((a, b) => a - b)).toEqual(waits);

    const first = await api(fx.instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}&limit=2`,
    );
    const second = await api(fx.instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}&limit=2&page_token=${first.body.next_page_token}`,
    );
    const byOffset = await api(fx.instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}&limit=2&offset=2`,
    );
    expect(second.body.submissions.map((s: { id: string }) => s.id)).toEqual(
      byOffset.body.submissions.map((s: { id: string }) => s.id),
    );
    expect(
      [...first.body.submissions, ...second.body.submissions].map((s: { id: string }) => s.id),
    ).toEqual(all.body.submissions.slice(0, 4).map((s: { id: string }) => s.id));
    // Seed 000: every instructor reviews every pathway (a deployment can restrict it; see
    // review-scope.test.ts); learners never do.
    const anyInstructor = await api((await createUser('instructor')).token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}`,
    );
    expect(anyInstructor.status).toBe(200);
    const learner = await api((await createUser('learner')).token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${fx.tree.pathwayId}`,
    );
    expect(learner.status).toBe(403);
  });
});
