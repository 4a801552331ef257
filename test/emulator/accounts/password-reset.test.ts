import { randomUUID } from 'node:crypto';
import { api, call, ownClientAddress } from '../../helpers/api';
import { mailTo, waitForSink } from '../../helpers/mail';

/** `POST /api/v1/auth/password-reset`: security mail that bypasses preferences. */
describe('password reset', () => {
  it("mails firebase-admin's reset link even when every optional category is off", async () => {
    const email = `reset-${randomUUID().slice(0, 8)}@test.pathwise.dev`;
    const registered = await call('POST', '/api/v1/auth/register', {
      headers: ownClientAddress(),
      body: { email, password: 'first password 1', full_name: 'Rosa', timezone: 'Europe/Madrid' },
    });
    expect(registered.status).toBe(201);
    const token = registered.body.access_token as string;
    await api(token).patch('/api/v1/users/me/notifications', {
      categories: {
        learning_activity: false,
        submissions: false,
        progress_reports: false,
        announcements: false,
      },
    });
    const requested = await call('POST', '/api/v1/auth/password-reset', {
      body: { email },
      headers: ownClientAddress(),
    });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ status: 'accepted' });
    const reset = (await mailTo(email)).filter((m) => m.pathwise.template === 'password_reset');
    expect(reset).toHaveLength(1);
    expect(reset[0]?.pathwise.category).toBe('security');
    expect(reset[0]?.headers['List-Unsubscribe']).toBeUndefined();
    const received = await waitForSink(email, 2);
    const message = received.find((m) => m.subject === 'Reset your Pathwise password');
    expect(message?.text).toMatch(/mode=resetPassword&.*oobCode=/);
  });

  it('answers an unknown address exactly like a known one, and mails nothing', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@test.pathwise.dev`;
    const requested = await call('POST', '/api/v1/auth/password-reset', {
      body: { email },
      headers: ownClientAddress(),
    });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ status: 'accepted' });
    expect(await mailTo(email)).toEqual([]);
  });
});
