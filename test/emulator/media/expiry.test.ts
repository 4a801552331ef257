import { createUser } from '../../helpers/auth';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import { mediaDoc, openMedia, realFile, sendBytes } from './fixture';

/** The upload-expiry task, shared with submissions: an unused media upload expires, quota back. */
describe('media upload expiry', () => {
  it('marks an upload whose bytes never came expired, gives its quota back, and the URL no longer works', async () => {
    const instructor = await createUser('instructor', 'expiry');
    const bytes = await realFile('pic.png');
    const opened = await openMedia(instructor.token, 'image', {
      file_name: 'never.png',
      size_bytes: bytes.length,
    });
    expect(opened.status).toBe(201);
    const id = opened.body.media_id as string;
    const quota = async () =>
      ((await db().collection('mediaQuotas').doc(instructor.uid).get()).data()?.reservations ??
        []) as { submission_id: string }[];
    expect((await quota()).map((r) => r.submission_id)).toEqual([id]);

    // Signed URLs live 6 s in tests, the grace 1 s: the task arrives through the Tasks emulator.
    const expired = await waitFor(
      () => mediaDoc(id),
      (m) => m?.status === 'expired',
      30_000,
    );
    expect(expired.uploaded_at).toBeNull();
    expect(await quota()).toEqual([]);
    expect(await sendBytes(opened.body.upload, bytes)).toBe(400);
    expect((await mediaDoc(id)).status).toBe('expired');
  });
});
