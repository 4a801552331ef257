import { createUser } from '../../helpers/auth';
import { fileBytes } from '../../helpers/files';
import { createTasksClient, queuePath } from '../../../shared/platform/tasks';
import { TaskTargets } from '../../../shared/triggers';
import { testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  enrolledLearner,
  openUpload,
  put,
  settled,
  submission,
  uploadPng,
  useSubmissionsFixture,
} from './fixture';
import { reservedIds } from '../../helpers/quotas';

/** Opening uploads: signed URLs bound to type and size, resumable starts, quotas and expiry. */
const fx = useSubmissionsFixture();

describe('opening an upload', () => {
  it('takes a resumable upload for large files', async () => {
    const learner = await enrolledLearner(fx);
    const size = 600 * 1024;
    const bytes = fileBytes('pdf', size);
    const opened = await openUpload(learner, fx.project, {
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

  it('binds a resumable upload to the declared size: 2 MiB into a 1,000-byte upload is refused (security finding 5)', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.project, {
      file_name: 'small.pdf',
      content_type: 'application/pdf',
      size_bytes: 1000,
      resumable: true,
    });
    expect(opened.body.upload.headers['x-upload-content-length']).toBe('1000');
    // Leaving the declared length out is a malformed signed request (as GCS answers it);
    // changing it breaks the signature.
    const { 'x-upload-content-length': _length, ...withoutLength } = opened.body.upload.headers;
    const missing = await fetch(opened.body.upload.url, { method: 'POST', headers: withoutLength });
    expect(missing.status).toBe(400);
    const changed = await fetch(opened.body.upload.url, {
      method: 'POST',
      headers: { ...withoutLength, 'x-upload-content-length': '2097152' },
    });
    expect(changed.status).toBe(403);
    const start = await fetch(opened.body.upload.url, {
      method: 'POST',
      headers: opened.body.upload.headers,
    });
    expect(start.status).toBe(201);
    const session = start.headers.get('location') as string;
    const big = fileBytes('pdf', 2 * 1024 * 1024);
    const tooMuch = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${big.length - 1}/*` },
      body: new Uint8Array(big),
    });
    expect(tooMuch.status).toBeGreaterThanOrEqual(400);
    expect(tooMuch.status).toBeLessThan(500);
    expect((await submission(opened.body.submission_id)).status).toBe('awaiting_upload');
  });

  it('answers with the resource’s status as the upload opens (seed 000 resource_status)', async () => {
    const learner = await enrolledLearner(fx);
    const body = { file_name: 'a.png', content_type: 'image/png', size_bytes: 2048 };
    expect((await openUpload(learner, fx.exercise, body)).body.resource_status).toBe('not_started');
    await uploadPng(fx, learner);
    expect((await openUpload(learner, fx.exercise, body)).body.resource_status).toBe('submitted');
  });

  it('rejects a PUT longer than declared at the signature, recording nothing', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
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

  it('validates the upload request: type, size, resource kind, enrolment', async () => {
    const learner = await enrolledLearner(fx);
    const wrongType = await openUpload(learner, fx.exercise, {
      file_name: 'a.gif',
      content_type: 'image/gif',
      size_bytes: 10,
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe('content_type');
    const tooBig = await openUpload(learner, fx.exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 5 * 1024 * 1024 + 1,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.details[0].path).toBe('size_bytes');
    const ceiling = await openUpload(learner, fx.project, {
      file_name: 'a.pdf',
      content_type: 'application/pdf',
      size_bytes: 50 * 1024 * 1024 + 1,
    });
    expect(ceiling.status).toBe(413);
    const notUpload = await openUpload(learner, fx.tree.modules[0]?.resources[0] as string, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 10,
    });
    expect(notUpload.status).toBe(400);
    const empty = await openUpload(learner, fx.exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 0,
    });
    expect(empty.body.error.details[0].path).toBe('size_bytes');
    const stranger = await createUser('learner');
    const unenrolled = await openUpload(stranger, fx.exercise, {
      file_name: 'a.png',
      content_type: 'image/png',
      size_bytes: 10,
    });
    expect(unenrolled.status).toBe(409);
    expect(unenrolled.body.error.message).toMatch(/Enrol/);
  });

  it('answers 429 with Retry-After for the 11th upload in an hour and past 100 MB a day', async () => {
    const learner = await enrolledLearner(fx);
    // An unused upload gives its place back when its expiry task runs (7 s in tests), which
    // eleven requests on a loaded machine can outlast: the expiry queue is held meanwhile.
    const tasks = createTasksClient(testServices().config);
    const expiries = queuePath(TaskTargets.expireUpload.queue, testServices().config);
    await tasks.pauseQueue({ name: expiries });
    try {
      const opened = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          openUpload(learner, fx.exercise, {
            file_name: `f${i}.png`,
            content_type: 'image/png',
            size_bytes: 100,
          }),
        ),
      );
      expect(opened.map((r) => r.status)).toEqual(Array(10).fill(201));
      const eleventh = await openUpload(learner, fx.exercise, {
        file_name: 'f10.png',
        content_type: 'image/png',
        size_bytes: 100,
      });
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.error.code).toBe('resource_exhausted');
      const retryAfter = Number(eleventh.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3000);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    } finally {
      await tasks.resumeQueue({ name: expiries });
      await tasks.close();
    }

    const heavy = await enrolledLearner(fx, 'heavy');
    const fifty = 50 * 1024 * 1024;
    expect(
      (
        await openUpload(heavy, fx.project, {
          file_name: 'a.pdf',
          content_type: 'application/pdf',
          size_bytes: fifty,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await openUpload(heavy, fx.project, {
          file_name: 'b.pdf',
          content_type: 'application/pdf',
          size_bytes: fifty,
        })
      ).status,
    ).toBe(201);
    const over = await openUpload(heavy, fx.project, {
      file_name: 'c.pdf',
      content_type: 'application/pdf',
      size_bytes: 1,
    });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toMatch(/100 MB/);
  });

  it('refuses an expired URL, then expires the submission and gives its quota back', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'late.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const id = opened.body.submission_id;
    expect(await reservedIds(learner.uid, 'submissions')).toContain(id);
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
    expect(await reservedIds(learner.uid, 'submissions')).not.toContain(id);
  });
});
