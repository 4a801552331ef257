import { createUser } from '../../helpers/auth';
import { waitFor } from '../../helpers/wait';
import { mediaDoc, openMedia, realFile, sendBytes } from './fixture';
import { reservedIds } from '../../helpers/quotas';

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
    const quota = () => reservedIds(instructor.uid, 'media');
    expect(await quota()).toEqual([id]);

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
