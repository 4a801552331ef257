import { api, call } from '../../helpers/api';
import type { TestUser } from '../../helpers/auth';
import {
  accounts,
  deliverUntilSettled,
  finalizedEvent,
  functionUrl,
  stackToken,
} from '../../helpers/events';
import { fileBytes } from '../../helpers/files';
import { reservedIds } from '../../helpers/quotas';
import { db, submissionsBucket } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  enrolledLearner,
  openUpload,
  put,
  r,
  settled,
  submission,
  useSubmissionsFixture,
} from './fixture';

/**
 * Cloud Storage checks a signed URL's expiry when the PUT starts, so a slow upload begun in time
 * can land after the expiry task found nothing in the bucket and expired it. Here the task runs
 * first, for real, while no object exists; the PUT then goes through the still-valid signed URL
 * (6 s in tests) and the Storage emulator delivers the finalize event, as Eventarc would.
 */
const fx = useSubmissionsFixture();

async function expireNow(id: string) {
  return call('POST', functionUrl('expireUpload'), {
    token: await stackToken('expireUpload', { email: accounts.tasksInvoker() }),
    body: { submission_id: id },
  });
}

async function openedPng(learner: TestUser, size = 2048) {
  const opened = await openUpload(learner, fx.exercise, {
    file_name: 'slow link.png',
    content_type: 'image/png',
    size_bytes: size,
  });
  expect(opened.status).toBe(201);
  return { id: opened.body.submission_id as string, upload: opened.body.upload, size };
}

async function expiredPng(learner: TestUser) {
  const upload = await openedPng(learner);
  const expired = await expireNow(upload.id);
  expect(expired.body).toEqual({ submission_id: upload.id, result: 'expired' });
  expect(await reservedIds(learner.uid, 'submissions')).not.toContain(upload.id);
  return upload;
}

const progressOf = async (learner: TestUser) =>
  (await api(learner.token).get(`${r(fx.exercise)}/progress`)).body;

const quarantined = async (objectPath: string) =>
  (await submissionsBucket().file(`quarantine/${objectPath}`).exists())[0];

/** Waits until finalize has decided on a late file: recorded, or refused with a reason. */
const decided = (id: string) =>
  waitFor(
    () => submission(id),
    (s) => s?.status !== 'expired' || s?.late_arrival?.refused !== undefined,
  );

describe('a file whose upload expired while it was on its way', () => {
  it('is recorded like a timely upload, with its quota taken again once, also when redelivered', async () => {
    const learner = await enrolledLearner(fx);
    const { id, upload, size } = await expiredPng(learner);
    expect((await submission(id)).status).toBe('expired');

    expect((await put(upload, fileBytes('png', size))).status).toBe(200);
    const recorded = await decided(id);
    expect(recorded).toMatchObject({
      status: 'uploaded',
      attempt_number: 1,
      detected_type: 'image/png',
      scan: { state: 'clean' },
      late_arrival: { refused: null, generation: recorded.generation },
    });
    expect(await reservedIds(learner.uid, 'submissions')).toEqual([id]);
    expect(await progressOf(learner)).toMatchObject({ status: 'submitted', submission_count: 1 });
    expect(await quarantined(recorded.object_path)).toBe(false);

    // The platform delivers the same event again, ten times at once: one attempt, one place.
    const [metadata] = await submissionsBucket().file(recorded.object_path).getMetadata();
    const event = finalizedEvent({
      ...metadata,
      bucket: metadata.bucket as string,
      name: recorded.object_path,
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => deliverUntilSettled('onSubmissionUploaded', event)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    expect(await submission(id)).toMatchObject({ status: 'uploaded', attempt_number: 1 });
    expect(await reservedIds(learner.uid, 'submissions')).toEqual([id]);
    expect(await progressOf(learner)).toMatchObject({ submission_count: 1 });
    // The task's own dispatch, when its time comes, leaves the recorded upload alone.
    expect((await expireNow(id)).body).toEqual({ submission_id: id, result: 'unchanged' });
  });

  it('is refused and quarantined when a later upload for the resource arrived first', async () => {
    const learner = await enrolledLearner(fx);
    const late = await openedPng(learner);
    const newer = await openedPng(learner, 3000);
    expect((await expireNow(late.id)).body.result).toBe('expired');
    expect((await put(newer.upload, fileBytes('png', newer.size))).status).toBe(200);
    expect((await settled(newer.id)).status).toBe('uploaded');

    // Still within the late upload's signed URL's lifetime.
    expect((await put(late.upload, fileBytes('png', late.size))).status).toBe(200);
    const refused = await decided(late.id);
    expect(refused.status).toBe('expired');
    expect(refused.late_arrival.refused).toBe(
      `Arrived after its upload expired, and a later upload for this resource (${newer.id}) arrived first`,
    );
    expect(refused.rejection_reason).toBe(refused.late_arrival.refused);
    await waitFor(
      () => quarantined(refused.object_path),
      (moved) => moved,
    );
    expect(await reservedIds(learner.uid, 'submissions')).toEqual([newer.id]);
    expect(await progressOf(learner)).toMatchObject({ status: 'submitted', submission_count: 1 });
    expect((await submission(newer.id)).attempt_number).toBe(1);
  });

  it('is refused and quarantined when taking its quota again would exceed the limit', async () => {
    const learner = await enrolledLearner(fx);
    const late = await expiredPng(learner);
    // Ten uploads opened meanwhile (seed 000: ten an hour) hold every place of the hour.
    const now = Date.now();
    const reservations = Array.from({ length: 10 }, (_, i) => ({
      submission_id: `meanwhile${String(i).padStart(11, '0')}`,
      at: now - i,
      bytes: 1000,
    }));
    await db()
      .collection('rateLimits')
      .doc(learner.uid)
      .set({ submissions: { reservations, updated_at: new Date() } }, { merge: true });

    expect((await put(late.upload, fileBytes('png', late.size))).status).toBe(200);
    const refused = await decided(late.id);
    expect(refused.status).toBe('expired');
    expect(refused.late_arrival.refused).toBe(
      'Arrived after its upload expired, and its quota is used up since: At most 10 uploads per hour',
    );
    await waitFor(
      () => quarantined(refused.object_path),
      (moved) => moved,
    );
    expect(await reservedIds(learner.uid, 'submissions')).not.toContain(late.id);
    expect(await progressOf(learner)).toMatchObject({ submission_count: 0 });
  });
});
