import { api, call } from '../../helpers/api';
import { uploadReal } from '../media/fixture';
import {
  certificateOf,
  LEARNING_TEST_MS,
  learnSomething,
  namedLearner,
  privacyPathway,
} from './fixture';

jest.setTimeout(LEARNING_TEST_MS);

/** `GET /api/v1/users/me/export`: the learner's own data, and nobody else's. */
describe('GET /api/v1/users/me/export', () => {
  it('archives every kind of the learner’s records behind a short-lived signed URL, and none of another learner’s', async () => {
    const fx = await privacyPathway();
    const [ada, bo] = [await namedLearner(), await namedLearner()];
    for (const person of [ada, bo]) {
      await learnSomething(fx, person);
      await certificateOf(person.uid);
    }
    const avatar = await uploadReal(ada.token, 'image', 'pic.png', { as: `${ada.surname}.png` });
    await uploadReal(bo.token, 'image', 'pic.webp', { as: `${bo.surname}.webp` });
    const prefs = await api(ada.token).patch('/api/v1/users/me/notifications', {
      categories: { progress_reports: false },
    });
    expect(prefs.status).toBe(200);

    const before = Date.now();
    const exported = await api(ada.token).get('/api/v1/users/me/export');
    expect(exported.status).toBe(200);
    const ttl = Date.parse(exported.body.expires_at) - before;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300_000 + 1000);
    expect(exported.body.counts).toMatchObject({
      enrollments: 1,
      quiz_attempts: 1,
      submissions: 1,
      certificates: 1,
      media: 1,
    });
    expect(exported.body.counts.learner_events).toBeGreaterThanOrEqual(3);

    const download = await fetch(exported.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="pathwise-export-/,
    );
    const text = await download.text();
    expect(Buffer.byteLength(text)).toBe(exported.body.size_bytes);
    const archive = JSON.parse(text);
    expect(archive).toMatchObject({
      format: 'pathwise-export/v1',
      account: { uid: ada.uid, email: ada.email, name: ada.name, role: 'learner' },
      mail_preferences: { categories: { progress_reports: false } },
      enrollments: [
        { id: `${ada.uid}_${fx.pathwayId}`, user_id: ada.uid, pathway_id: fx.pathwayId },
      ],
      quiz_attempts: [expect.objectContaining({ enrollment_id: `${ada.uid}_${fx.pathwayId}` })],
      submissions: [
        expect.objectContaining({
          user_id: ada.uid,
          file_name: `${ada.surname} mood board.png`,
          status: 'approved',
        }),
      ],
      certificates: [expect.objectContaining({ user_id: ada.uid, learner_name: ada.name })],
      media: [
        expect.objectContaining({
          id: avatar.id,
          owner_uid: ada.uid,
          kind: 'image',
          file_name: `${ada.surname}.png`,
          size_bytes: avatar.bytes.length,
          status: 'ready',
        }),
      ],
    });
    expect(archive.learner_events.every((e: { user_id: string }) => e.user_id === ada.uid)).toBe(
      true,
    );
    expect(archive.enrollments[0].enrolled_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(text).not.toContain('object_path');
    for (const trace of [bo.uid, bo.email, bo.surname]) expect(text).not.toContain(trace);

    const theirs = await api(bo.token).get('/api/v1/users/me/export');
    const theirText = await (await fetch(theirs.body.url)).text();
    expect(JSON.parse(theirText).account.uid).toBe(bo.uid);
    for (const trace of [ada.uid, ada.email, ada.surname]) expect(theirText).not.toContain(trace);
  });

  it('needs a signed-in user', async () => {
    expect((await call('GET', '/api/v1/users/me/export')).status).toBe(401);
  });
});
