import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { getFunction } from '@google-cloud/functions-framework/testing';
import { httpsCallable } from 'firebase/functions';
import '../../functions/index';
import { db } from '../helpers/services';
import { submissionsBucket } from '../helpers/services';
import { api, call } from '../helpers/api';
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/auth';
import { buildPathway, type Tree } from '../helpers/catalog';
import { callableError, clientSession, type ClientSession } from '../helpers/client-sdk';
import { fileBytes, md5Base64 } from '../helpers/files';
import { waitFor } from '../helpers/wait';

let instructor: TestUser;
let tree: Tree;
let exercise: string;
let project: string;
let reviewer: ClientSession;

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await buildPathway(
    instructor.token,
    [
      {
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
      },
    ],
    { publish: true },
  );
  exercise = tree.modules[0]?.resources[1] as string;
  project = tree.modules[0]?.resources[2] as string;
  reviewer = await clientSession({ email: instructor.email, password: TEST_PASSWORD });
});

afterAll(async () => {
  await reviewer.close();
});

const r = (id: string) => `/api/v1/users/me/resources/${id}`;

async function enrolledLearner(label = 'learner'): Promise<TestUser> {
  const learner = await createUser('learner', label);
  expect((await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status).toBe(
    201,
  );
  return learner;
}

async function openUpload(learner: TestUser, resourceId: string, body: object) {
  return api(learner.token).post(`${r(resourceId)}/upload`, body);
}

async function put(
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

async function submission(id: string): Promise<any> {
  return (await db().collection('submissions').doc(id).get()).data();
}

async function settled(id: string): Promise<any> {
  return waitFor(
    () => submission(id),
    (s) => s?.status !== 'awaiting_upload' && s?.status !== 'scan_pending',
  );
}

async function uploadPng(learner: TestUser, size = 2048): Promise<{ id: string; bytes: Buffer }> {
  const bytes = fileBytes('png', size);
  const opened = await openUpload(learner, exercise, {
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

describe('the upload → finalize → review flow, end to end', () => {
  it('records a signed-URL upload, shows it in progress, and completes the resource on approval', async () => {
    const learner = await enrolledLearner();
    await api(learner.token).post(`${r(tree.modules[0]?.resources[0] as string)}/complete`);
    const bytes = fileBytes('png', 5000);

    const opened = await openUpload(learner, exercise, {
      file_name: 'Mood board (v1).png',
      content_type: 'image/png',
      size_bytes: bytes.length,
      notes: 'First try',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.submission_id;
    expect(opened.body).toMatchObject({
      resource_id: exercise,
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
        `/pathways/${tree.pathwayId}/users/${learner.uid}/resources/${exercise}/\\d{8}T\\d{6}Z_${id}_Mood_board_v1_.png$`,
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

    const progress = await api(learner.token).get(`${r(exercise)}/progress`);
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
    const listed = await api(learner.token).get(`${r(exercise)}/submissions`);
    expect(listed.body.submissions.map((s: { id: string }) => s.id)).toEqual([id]);

    const pending = await httpsCallable(
      reviewer.functions,
      'listPendingSubmissions',
    )({ pathway_id: tree.pathwayId });
    const item = (pending.data as any).submissions.find((s: { id: string }) => s.id === id);
    expect(item).toMatchObject({
      user_id: learner.uid,
      user_email: learner.email,
      user_name: learner.name,
      resource_id: exercise,
      resource_title: 'Resource 1.2',
      resource_type: 'exercise',
      submission_status: 'uploaded',
      attempt_number: 1,
    });
    expect(item.hours_waiting).toBeGreaterThanOrEqual(0);
    expect((pending.data as any).total_pending).toBeGreaterThanOrEqual(1);

    const download = await call('GET', `/api/v1/users/me/submissions/download/${id}`, {
      token: instructor.token,
    });
    expect(download.status).toBe(200);
    const fetched = await fetch(download.body.signed_url);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

    const review = await httpsCallable(
      reviewer.functions,
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
      reviewed_by: instructor.uid,
      grade: 'pass',
      stale_attempt: false,
      resource_status: 'completed',
      review_comments: 'Great work! The mood board clearly shows the design direction.',
    });
    const after = await api(learner.token).get(`${r(exercise)}/progress`);
    expect(after.body).toMatchObject({ status: 'completed', module_progress: 66.7 });
    const mail = await db().collection('mail').doc(`review-${id}-1`).get();
    expect(mail.data()).toMatchObject({
      to: learner.email,
      message: { subject: 'Approved: Resource 1.2' },
    });
    const audits = await db().collection('auditLog').where('submission_id', '==', id).get();
    expect(audits.docs.map((d) => d.data().action).sort()).toEqual([
      'download_url_issued',
      'submission_reviewed',
      'upload_url_issued',
    ]);
  });

  it('takes a resumable upload for large files', async () => {
    const learner = await enrolledLearner();
    const size = 600 * 1024;
    const bytes = fileBytes('pdf', size);
    const opened = await openUpload(learner, project, {
      file_name: 'report.pdf',
      content_type: 'application/pdf',
      size_bytes: size,
      resumable: true,
    });
    expect(opened.body.upload).toMatchObject({
      method: 'POST',
      resumable: true,
      headers: { 'x-goog-resumable': 'start' },
    });
    const start = await fetch(opened.body.upload.url, {
      method: 'POST',
      headers: opened.body.upload.headers,
    });
    expect(start.status).toBe(201);
    const session = start.headers.get('location') as string;
    const half = 256 * 1024;
    const first = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${half - 1}/${size}` },
      body: new Uint8Array(bytes.subarray(0, half)),
    });
    expect(first.status).toBe(308);
    const rest = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${half}-${size - 1}/${size}` },
      body: new Uint8Array(bytes.subarray(half)),
    });
    expect(rest.status).toBe(200);
    expect(await settled(opened.body.submission_id)).toMatchObject({
      status: 'uploaded',
      actual_size: size,
      detected_type: 'application/pdf',
    });
  });
});

describe('what is refused, and why', () => {
  it('quarantines a declared PNG that is really a PDF, marks it rejected_invalid and tells the learner', async () => {
    const learner = await enrolledLearner();
    const bytes = fileBytes('pdf', 3000);
    const opened = await openUpload(learner, exercise, {
      file_name: 'photo.png',
      content_type: 'image/png',
      size_bytes: bytes.length,
    });
    expect((await put(opened.body.upload, bytes)).status).toBe(200);
    const id = opened.body.submission_id;
    const doc = await settled(id);
    expect(doc).toMatchObject({ status: 'rejected_invalid', detected_type: 'application/pdf' });
    expect(doc.rejection_reason).toMatch(/application\/pdf.*not image\/png/);
    const objectName = doc.object_path as string;
    await waitFor(
      async () => (await submissionsBucket().file(`quarantine/${objectName}`).exists())[0],
      (found) => found,
    );
    expect((await submissionsBucket().file(objectName).exists())[0]).toBe(false);
    const mail = await db().collection('mail').doc(`submission-invalid-${id}`).get();
    expect(mail.data()).toMatchObject({
      to: learner.email,
      message: { subject: 'Your upload "photo.png" was not accepted' },
    });
    const progress = await api(learner.token).get(`${r(exercise)}/progress`);
    expect(progress.body.status).not.toBe('submitted');
    expect(progress.body.submission_count).toBe(0);
  });

  it('rejects a PUT longer than declared at the signature, recording nothing', async () => {
    const learner = await enrolledLearner();
    const opened = await openUpload(learner, exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const tooLong = await put(opened.body.upload, fileBytes('png', 1500));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('<Code>EntityTooLarge</Code>');
    const otherType = await put(opened.body.upload, fileBytes('png', 1000), {
      'Content-Type': 'application/pdf',
    });
    expect(otherType.status).toBe(403);
    expect((await submission(opened.body.submission_id)).status).toBe('awaiting_upload');
  });

  it('refuses an expired URL, then expires the submission and gives its quota back', async () => {
    const learner = await enrolledLearner();
    const opened = await openUpload(learner, exercise, {
      file_name: 'late.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const id = opened.body.submission_id;
    const quotaBefore = (await db().collection('rateLimits').doc(learner.uid).get()).data()
      ?.reservations;
    expect(quotaBefore.map((q: { submission_id: string }) => q.submission_id)).toContain(id);
    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(opened.body.expires_at) - Date.now() + 500),
    );
    const late = await put(opened.body.upload, fileBytes('png', 1000));
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('<Code>ExpiredToken</Code>');
    const expired = await waitFor(
      () => submission(id),
      (s) => s.status === 'expired',
    );
    expect(expired.expired_at).toBeDefined();
    const quotaAfter = (await db().collection('rateLimits').doc(learner.uid).get()).data()
      ?.reservations;
    expect(quotaAfter.map((q: { submission_id: string }) => q.submission_id)).not.toContain(id);
  });

  it('answers 429 with Retry-After for the 11th upload in an hour and past 100 MB a day', async () => {
    const learner = await enrolledLearner();
    for (let i = 0; i < 10; i += 1) {
      const ok = await openUpload(learner, exercise, {
        file_name: `f${i}.png`,
        content_type: 'image/png',
        size_bytes: 100,
      });
      expect(ok.status).toBe(201);
    }
    const eleventh = await openUpload(learner, exercise, {
      file_name: 'f10.png',
      content_type: 'image/png',
      size_bytes: 100,
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('resource_exhausted');
    const retryAfter = Number(eleventh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    const heavy = await enrolledLearner('heavy');
    const fifty = 50 * 1024 * 1024;
    expect(
      (
        await openUpload(heavy, project, {
          file_name: 'a.pdf',
          content_type: 'application/pdf',
          size_bytes: fifty,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await openUpload(heavy, project, {
          file_name: 'b.pdf',
          content_type: 'application/pdf',
          size_bytes: fifty,
        })
      ).status,
    ).toBe(201);
    const over = await openUpload(heavy, project, {
      file_name: 'c.pdf',
      content_type: 'application/pdf',
      size_bytes: 1,
    });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toMatch(/100 MB/);
  });

  it('validates the upload request: type, size, resource kind, enrolment', async () => {
    const learner = await enrolledLearner();
    const wrongType = await openUpload(learner, exercise, {
      file_name: 'a.gif',
      content_type: 'image/gif',
      size_bytes: 10,
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe('content_type');
    const tooBig = await openUpload(learner, exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 5 * 1024 * 1024 + 1,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.details[0].path).toBe('size_bytes');
    const ceiling = await openUpload(learner, project, {
      file_name: 'a.pdf',
      content_type: 'application/pdf',
      size_bytes: 50 * 1024 * 1024 + 1,
    });
    expect(ceiling.status).toBe(413);
    const notUpload = await openUpload(learner, tree.modules[0]?.resources[0] as string, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 10,
    });
    expect(notUpload.status).toBe(400);
    const empty = await openUpload(learner, exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 0,
    });
    expect(empty.body.error.details[0].path).toBe('size_bytes');
    const stranger = await createUser('learner');
    const unenrolled = await openUpload(stranger, exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 10,
    });
    expect(unenrolled.status).toBe(409);
    expect(unenrolled.body.error.message).toMatch(/Enrol/);
  });

  it('keeps learners out of each other’s submissions (404), and out of review (permission-denied)', async () => {
    const owner = await enrolledLearner('owner');
    const other = await enrolledLearner('other');
    const { id } = await uploadPng(owner);
    expect((await api(other.token).get(`/api/v1/users/me/submissions/download/${id}`)).status).toBe(
      404,
    );
    expect((await api(other.token).delete(`/api/v1/users/me/submissions/${id}`)).status).toBe(404);
    const theirList = await api(other.token).get(`${r(exercise)}/submissions`);
    expect(theirList.body.submissions.map((s: { id: string }) => s.id)).not.toContain(id);
    const strangerInstructor = await createUser('instructor');
    expect(
      (await api(strangerInstructor.token).get(`/api/v1/users/me/submissions/download/${id}`))
        .status,
    ).toBe(404);

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

  it('records one submission when the same finalize event is delivered twice', async () => {
    const learner = await enrolledLearner();
    const { id } = await uploadPng(learner);
    const doc = await submission(id);
    const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
    const handler = getFunction('onSubmissionUploaded') as (
      event: CloudEvent<unknown>,
    ) => Promise<void>;
    const event: CloudEvent<unknown> = {
      specversion: '1.0',
      id: randomUUID(),
      type: 'google.cloud.storage.object.v1.finalized',
      source: `//storage.googleapis.com/projects/_/buckets/${metadata.bucket}`,
      subject: `objects/${doc.object_path}`,
      data: metadata,
    };
    await handler(event);
    await handler({ ...event, id: randomUUID() });
    const after = await submission(id);
    expect(after).toMatchObject({
      status: 'uploaded',
      attempt_number: 1,
      updated_at: doc.updated_at,
    });
    const progress = await api(learner.token).get(`${r(exercise)}/progress`);
    expect(progress.body.submission_count).toBe(1);
  });

  it('returns a rejected resource to in_progress for a resubmission, and flags a review of the older attempt', async () => {
    const learner = await enrolledLearner();
    const first = await uploadPng(learner);
    const rejected = await api(instructor.token).post(
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
    const reopened = await api(learner.token).get(`${r(exercise)}/progress`);
    expect(reopened.body).toMatchObject({ status: 'in_progress', module_progress: 0 });

    const second = await uploadPng(learner, 4096);
    expect((await submission(second.id)).attempt_number).toBe(2);
    const resubmitted = await api(learner.token).get(`${r(exercise)}/progress`);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', submission_count: 2 });

    const late = await api(instructor.token).post(`/api/v1/admin/submissions/${first.id}/review`, {
      submission_status: 'approved',
    });
    expect(late.body).toMatchObject({ stale_attempt: true, resource_status: 'submitted' });
    const history = (await submission(first.id)).review_history;
    expect(
      history.map((h: any) => [h.old_status, h.status, h.old_grade, h.grade, h.stale_attempt]),
    ).toEqual([
      ['uploaded', 'rejected', null, 'fail', false],
      ['rejected', 'approved', 'fail', 'pass', true],
    ]);
    const bad = await api(instructor.token).post(`/api/v1/admin/submissions/${second.id}/review`, {
      submission_status: 'approved',
      grade: 'fail',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('grade');
  });

  it('hands the reviewer a signed URL for a feedback file the learner can then download', async () => {
    const learner = await enrolledLearner();
    const { id } = await uploadPng(learner);
    const feedback = fileBytes('text', 300);
    const review = await api(instructor.token).post(`/api/v1/admin/submissions/${id}/review`, {
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
    const download = await api(learner.token).get(
      `/api/v1/users/me/submissions/download/${id}?file=feedback`,
    );
    expect(download.body.file_name).toBe('notes.txt');
    expect(
      Buffer.from(await (await fetch(download.body.signed_url)).arrayBuffer()).equals(feedback),
    ).toBe(true);
    expect((await submission(id)).status).toBe('approved');
  });
});

describe('learner endpoints', () => {
  it('soft-deletes: hidden from lists, file and record kept', async () => {
    const learner = await enrolledLearner();
    const { id } = await uploadPng(learner);
    const deleted = await api(learner.token).delete(`/api/v1/users/me/submissions/${id}`);
    expect(deleted.body).toEqual({
      submission_id: id,
      deleted: true,
      deleted_at: expect.any(String),
    });
    const again = await api(learner.token).delete(`/api/v1/users/me/submissions/${id}`);
    expect(again.body.deleted_at).toBe(deleted.body.deleted_at);
    const listed = await api(learner.token).get(`${r(exercise)}/submissions`);
    expect(listed.body.submissions.map((s: { id: string }) => s.id)).not.toContain(id);
    const doc = await submission(id);
    expect(doc.deleted_at).toBeDefined();
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(true);
    expect(
      (await api(learner.token).get(`/api/v1/users/me/submissions/download/${id}`)).status,
    ).toBe(404);
    // Deleting does not dodge review: the attempt still counts as submitted, so it stays queued.
    const queue = await api(instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}&limit=100`,
    );
    const queued = queue.body.submissions.find((s: { id: string }) => s.id === id);
    expect(queued.deleted_by_learner_at).toBe(deleted.body.deleted_at);
  });

  it('pages the review queue with limit, offset and a cursor, and counts it', async () => {
    const learners = await Promise.all([
      enrolledLearner('q1'),
      enrolledLearner('q2'),
      enrolledLearner('q3'),
    ]);
    for (const learner of learners) await uploadPng(learner);
    const all = await api(instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}&limit=100`,
    );
    const total = all.body.total_pending;
    expect(all.body.submissions).toHaveLength(total);
    const waits = all.body.submissions.map((s: { uploaded_at: string }) =>
      Date.parse(s.uploaded_at),
    );
    expect([...waits].sort((a, b) => a - b)).toEqual(waits);

    const first = await api(instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}&limit=2`,
    );
    const second = await api(instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}&limit=2&page_token=${first.body.next_page_token}`,
    );
    const byOffset = await api(instructor.token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}&limit=2&offset=2`,
    );
    expect(second.body.submissions.map((s: { id: string }) => s.id)).toEqual(
      byOffset.body.submissions.map((s: { id: string }) => s.id),
    );
    expect(
      [...first.body.submissions, ...second.body.submissions].map((s: { id: string }) => s.id),
    ).toEqual(all.body.submissions.slice(0, 4).map((s: { id: string }) => s.id));
    const foreign = await api((await createUser('instructor')).token).get(
      `/api/v1/admin/submissions/pending?pathway_id=${tree.pathwayId}`,
    );
    expect(foreign.status).toBe(403);
  });
});
