import { call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { accounts, functionUrl, stackToken } from '../../helpers/events';
import { reservedIds } from '../../helpers/quotas';
import { waitFor } from '../../helpers/wait';
import { mediaDoc, openMedia, realFile, sendBytes } from './fixture';

/**
 * Media uploads expire like submissions, so the same race applies: the expiry task finds no
 * object and expires the item, then a PUT begun while the signed URL was valid lands.
 */
describe('a media file whose upload expired while it was on its way', () => {
  it('is checked and made ready like a timely one, its quota taken again once', async () => {
    const instructor = await createUser('instructor', 'late-media');
    const bytes = await realFile('pic.png');
    const opened = await openMedia(instructor.token, 'image', {
      file_name: 'slow.png',
      size_bytes: bytes.length,
    });
    expect(opened.status).toBe(201);
    const id = opened.body.media_id as string;
    const expired = await call('POST', functionUrl('expireUpload'), {
      token: await stackToken('expireUpload', { email: accounts.tasksInvoker() }),
      body: { media_id: id },
    });
    expect(expired.body).toEqual({ media_id: id, result: 'expired' });
    expect(await reservedIds(instructor.uid, 'media')).toEqual([]);

    expect(await sendBytes(opened.body.upload, bytes)).toBe(200);
    const ready = await waitFor(
      () => mediaDoc(id),
      (m) => m?.status !== 'expired',
    );
    expect(ready).toMatchObject({
      status: 'ready',
      detected_type: 'image/png',
      late_arrival: { refused: null },
    });
    expect(await reservedIds(instructor.uid, 'media')).toEqual([id]);
  });
});
