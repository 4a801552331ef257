import { randomUUID } from 'node:crypto';
import { api, call, ownClientAddress } from '../../helpers/api';
import { mailTo, waitForSink } from '../../helpers/mail';
import { adminAuth, db } from '../../helpers/services';

/** Seed 003's account flow against the Auth emulator, the API and the local mail sink. */
const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@test.pathwise.dev`;
const register = (body: unknown) =>
  call('POST', '/api/v1/auth/register', { body, headers: ownClientAddress() });

describe('POST /api/v1/auth/register → login → refresh', () => {
  it('creates a learner with a profile, signs in, refreshes, calls the API, and welcomes once', async () => {
    const email = address('amara');
    const password = 'correct horse battery';
    const registered = await register({ email, password, full_name: 'Amara Okafor' });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      token_type: 'bearer',
      user: { email, full_name: 'Amara Okafor', role: 'learner' },
    });
    const uid = registered.body.user.uid as string;
    expect(registered.body.access_token).toBe(registered.body.id_token);
    const user = await adminAuth().getUser(uid);
    expect(user).toMatchObject({ email, displayName: 'Amara Okafor' });
    expect(user.customClaims).toEqual({ role: 'learner' });
    expect((await db().collection('users').doc(uid).get()).data()).toMatchObject({
      email,
      display_name: 'Amara Okafor',
      role: 'learner',
      timezone: 'UTC',
    });

    const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ uid, token_type: 'bearer' });
    const refreshed = await call('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: login.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.uid).toBe(uid);
    const me = await api(refreshed.body.access_token).get('/api/v1/users/me/notifications');
    expect(me.status).toBe(200);

    // Registering again (a retried request) neither creates an account nor mails again.
    const again = await register({ email, password, full_name: 'Amara Okafor' });
    expect(again.status).toBe(409);
    const mails = await mailTo(email);
    expect(mails.map((m) => m.pathwise.template)).toEqual(['welcome']);
    const [welcome] = await waitForSink(email);
    expect(welcome?.subject).toBe('Welcome to Pathwise, Amara Okafor');
    expect(welcome?.headers['list-unsubscribe']).toBeUndefined();
  });

  it('answers weak passwords, taken emails and bad fields with the failing field', async () => {
    const weak = await register({ email: address('weak'), password: 'pass', full_name: 'A' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toEqual([
      { path: 'password', message: 'Too weak: use at least 8 characters' },
    ]);
    const repeated = await register({
      email: address('rep'),
      password: 'aaaaaaaaaa',
      full_name: 'A',
    });
    expect(repeated.body.error.details[0].path).toBe('password');
    const badEmail = await register({ email: 'nobody', password: 'long enough 1', full_name: 'A' });
    expect(badEmail.body.error.details[0].path).toBe('email');
    const extra = await register({
      email: address('x'),
      password: 'long enough 1',
      full_name: 'A',
      role: 'admin',
    });
    expect(extra.status).toBe(400);
    const badZone = await register({
      email: address('tz'),
      password: 'long enough 1',
      full_name: 'A',
      timezone: 'Mars/Olympus',
    });
    expect(badZone.body.error.details[0].path).toBe('timezone');
  });

  it('refuses a wrong password and a forged refresh token as 401, without saying which part was wrong', async () => {
    const email = address('wrong');
    await register({ email, password: 'right password 1', full_name: 'W' });
    const wrong = await call('POST', '/api/v1/auth/login', {
      body: { email, password: 'wrong password 1' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Wrong email or password');
    const unknown = await call('POST', '/api/v1/auth/login', {
      body: { email: address('nobody'), password: 'whatever 123' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Wrong email or password');
    const forged = await call('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: 'not-a-refresh-token' },
    });
    expect(forged.status).toBe(401);
  });

  it('limits sign-in attempts per email with 429 and Retry-After', async () => {
    const email = address('limit');
    await register({ email, password: 'right password 1', full_name: 'L' });
    const attempt = () =>
      call('POST', '/api/v1/auth/login', { body: { email, password: 'wrong password 1' } });
    for (let i = 0; i < 10; i += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password is refused too while the window lasts: guessing gains nothing.
    const right = await call('POST', '/api/v1/auth/login', {
      body: { email, password: 'right password 1' },
    });
    expect(right.status).toBe(429);
  });
});
