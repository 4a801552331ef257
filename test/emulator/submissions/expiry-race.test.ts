import { call } from '../../helpers/api';
import {
  accounts,
  deliverEvent,
  finalizedEvent,
  functionUrl,
  stackToken,
} from '../../helpers/events';
import { fileBytes } from '../../helpers/files';
import { reservedIds } from '../../helpers/quotas';
import { db, submissionsBucket } from '../../helpers/services';
import {
  enrolledLearner,
  openUpload,
  put,
  settled,
  submission,
  useSubmissionsFixture,
} from './fixture';

/**
 * The expiry task runs at the signed URL's expiry plus a grace period. A file can be in the
 * bucket by then while its finalize event is still on its way (Eventarc delivers late under
 * load or after an outage). Expiring it would make the event quarantine the learner's upload.
 */
const fx = useSubmissionsFixture();

describe('upload expiry racing a late finalize event', () => {
  it('leaves an upload whose file is in the bucket to its event, which then records it', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'late event.png',
      content_type: 'image/png',
      size_bytes: 2048,
    });
    expect(opened.status).toBe(201);
    const id = opened.body.submission_id as string;
    const ref = db().collection('submissions').doc(id);
    const awaiting = (await ref.get()).data() as Record<string, unknown>;
    expect((await put(opened.body.upload, fileBytes('png', 2048))).status).toBe(200);
    await settled(id);

    // The state a late event leaves: the file is in the bucket, the record still awaits it.
    await ref.set(awaiting);
    const expired = await call('POST', functionUrl('expireUpload'), {
      token: await stackToken('expireUpload', { email: accounts.tasksInvoker() }),
      body: { submission_id: id },
    });
    expect(expired.status).toBe(200);
    expect(expired.body).toEqual({ submission_id: id, result: 'unchanged' });
    expect((await submission(id)).status).toBe('awaiting_upload');
    expect(await reservedIds(learner.uid, 'submissions')).toContain(id);

    // The event lands and records the upload; nothing goes to quarantine.
    const objectPath = awaiting.object_path as string;
    const [metadata] = await submissionsBucket().file(objectPath).getMetadata();
    const delivered = await deliverEvent(
      'onSubmissionUploaded',
      finalizedEvent({ ...metadata, bucket: metadata.bucket as string, name: objectPath }),
    );
    expect(delivered.status).toBe(204);
    expect((await submission(id)).status).toBe('uploaded');
    expect((await submissionsBucket().file(`quarantine/${objectPath}`).exists())[0]).toBe(false);
    expect((await submissionsBucket().file(objectPath).exists())[0]).toBe(true);
  });

  it('still expires an upload whose file never came', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'never.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const id = opened.body.submission_id as string;
    const expired = await call('POST', functionUrl('expireUpload'), {
      token: await stackToken('expireUpload', { email: accounts.tasksInvoker() }),
      body: { submission_id: id },
    });
    expect(expired.body).toEqual({ submission_id: id, result: 'expired' });
    expect(await reservedIds(learner.uid, 'submissions')).not.toContain(id);
  });
});
