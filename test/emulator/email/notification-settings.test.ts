import { api, call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { samples } from '../../helpers/email-samples';
import { mailTo } from '../../helpers/mail';
import { testServices } from '../../helpers/services';

/** `GET|PATCH /api/v1/users/me/notifications` and the one-click unsubscribe link of a mail. */
describe('email preferences', () => {
  it('shows every optional category on by default, and switches them by PATCH', async () => {
    const learner = await createUser('learner');
    const initial = await api(learner.token).get('/api/v1/users/me/notifications');
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      categories: {
        learning_activity: true,
        submissions: true,
        progress_reports: true,
        announcements: true,
      },
      quiet_hours: { start: '21:00', end: '08:00' },
      always_sent: ['account security', 'account'],
    });
    const patched = await api(learner.token).patch('/api/v1/users/me/notifications', {
      categories: { progress_reports: false },
      quiet_hours: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      categories: { progress_reports: false, submissions: true },
      quiet_hours: null,
    });
    const read = await api(learner.token).get('/api/v1/users/me/notifications');
    expect(read.body).toEqual(patched.body);
  });

  it('refuses unknown and transactional categories and malformed hours, naming the field', async () => {
    const learner = await createUser('learner');
    const patch = (body: unknown) =>
      api(learner.token).patch('/api/v1/users/me/notifications', body);
    const security = await patch({ categories: { security: false } });
    expect(security.status).toBe(400);
    expect(security.body.error.details[0].path).toMatch(/^categories/);
    const hours = await patch({ quiet_hours: { start: '25:00', end: '08:00' } });
    expect(hours.status).toBe(400);
    expect(hours.body.error.details[0].path).toBe('quiet_hours.start');
    expect((await patch({})).status).toBe(400);
    expect((await call('GET', '/api/v1/users/me/notifications')).status).toBe(401);
  });
});

describe('one-click unsubscribe', () => {
  async function mailedLearner() {
    const learner = await createUser('learner');
    await api(learner.token).patch('/api/v1/users/me/notifications', { quiet_hours: null });
    const mailer = testServices().email.mailer;
    await mailer.send(
      await mailer.recipient(learner.uid),
      {
        template: 'weekly_progress',
        data: samples.weekly_progress,
        entity: { collection: 'users', id: learner.uid },
        period: '2025-W11',
      },
      new Date(),
    );
    const [doc] = await mailTo(learner.email);
    const header = doc?.headers['List-Unsubscribe'] as string;
    const link = new URL(/<(https?:[^>]+)>/.exec(header)?.[1] as string);
    return { learner, link };
  }

  it("switches off exactly the mail's category through its List-Unsubscribe link, signed out", async () => {
    const { learner, link } = await mailedLearner();
    const path = `${link.pathname}${link.search}`;
    expect(link.pathname).toBe('/api/v1/email/unsubscribe');

    // A GET (a mail scanner following the link) changes nothing.
    const preview = await call('GET', path);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ category: 'progress_reports', unsubscribed: false });

    // What a mail client sends for RFC 8058 one-click: a form body, no credentials.
    const oneClick = {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    };
    const done = await call('POST', path, oneClick);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      category: 'progress_reports',
      label: 'weekly progress reports',
      unsubscribed: true,
    });
    expect((await call('POST', path, oneClick)).status).toBe(200);
    const settings = await api(learner.token).get('/api/v1/users/me/notifications');
    expect(settings.body.categories).toEqual({
      learning_activity: true,
      submissions: true,
      progress_reports: false,
      announcements: true,
    });
  });

  it('refuses a tampered or missing token and changes nothing', async () => {
    const { learner, link } = await mailedLearner();
    const token = link.searchParams.get('token') as string;
    const [payload, signature] = token.split('.') as [string, string];
    const other = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        c: 'submissions',
      }),
    ).toString('base64url');
    const tampered = await call('POST', `/api/v1/email/unsubscribe?token=${other}.${signature}`);
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.details).toEqual([
      { path: 'query.token', message: 'Not signed by Pathwise' },
    ]);
    const missing = await call('POST', '/api/v1/email/unsubscribe');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('query.token');
    const settings = await api(learner.token).get('/api/v1/users/me/notifications');
    expect(Object.values(settings.body.categories).every(Boolean)).toBe(true);
  });
});
