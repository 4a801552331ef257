import { mailDocument } from '../../helpers/mail';
import { api } from '../../helpers/api';
import { deliverEvent, finalizedEvent } from '../../helpers/events';
import { fileBytes } from '../../helpers/files';
import { submissionsBucket } from '../../helpers/services';
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

/** The finalize trigger: checks what arrived, records it once, quarantines what it refuses. */
const fx = useSubmissionsFixture();

describe('finalize', () => {
  it('quarantines a declared PNG that is really a PDF, marks it rejected_invalid and tells the learner', async () => {
    const learner = await enrolledLearner(fx);
    const bytes = fileBytes('pdf', 3000);
    const opened = await openUpload(learner, fx.exercise, {
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
    const mail = await mailDocument({
      type: 'invalid_upload',
      user_id: learner.uid,
      entity: { collection: 'submissions', id },
      period: null,
    });
    expect(mail).toMatchObject({
      to: learner.email,
      message: { subject: 'Your upload “photo.png” was not accepted' },
      pathwise: { template: 'invalid_upload', category: 'submissions' },
    });
    const progress = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(progress.body.status).not.toBe('submitted');
    expect(progress.body.submission_count).toBe(0);
  });

  it('records one submission when the same finalize event is delivered twice', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const doc = await submission(id);
    const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
    const event = finalizedEvent({ ...metadata, bucket: doc.bucket, name: doc.object_path });
    expect((await deliverEvent('onSubmissionUploaded', event)).status).toBe(204);
    const again = finalizedEvent({ ...metadata, bucket: doc.bucket, name: doc.object_path });
    expect((await deliverEvent('onSubmissionUploaded', again)).status).toBe(204);
    const after = await submission(id);
    expect(after).toMatchObject({
      status: 'uploaded',
      attempt_number: 1,
      updated_at: doc.updated_at,
    });
    const progress = await api(learner.token).get(`${r(fx.exercise)}/progress`);
    expect(progress.body.submission_count).toBe(1);
  });

  it('never touches the file of a recorded submission for an event that does not match it (security finding 7)', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const doc = await submission(id);
    const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
    const forged = finalizedEvent({
      ...metadata,
      bucket: doc.bucket,
      name: doc.object_path,
      generation: String(Number(metadata.generation) + 1),
    });
    // Signed as Eventarc would sign it: the finalize guard itself must hold even then.
    expect((await deliverEvent('onSubmissionUploaded', forged)).status).toBe(204);
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(true);
    expect((await submission(id)).status).toBe('uploaded');
    const download = await api(learner.token).get(`/api/v1/users/me/submissions/download/${id}`);
    expect((await fetch(download.body.signed_url)).status).toBe(200);
  });
});
