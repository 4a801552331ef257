import { httpsCallable } from 'firebase/functions';
import { adminAuth, db } from '../../helpers/services';
import { call, functionsBaseUrl } from '../../helpers/api';
import { createUser, signIn, TEST_PASSWORD, type TestUser } from '../../helpers/auth';
import { callableError, clientSession, type ClientSession } from '../../helpers/client-sdk';

let admin: TestUser;
let learner: TestUser;
let asAdmin: ClientSession;
let asLearner: ClientSession;

beforeAll(async () => {
  [admin, learner] = await Promise.all([createUser('admin'), createUser('learner')]);
  asAdmin = await clientSession({ email: admin.email, password: TEST_PASSWORD });
  asLearner = await clientSession({ email: learner.email, password: TEST_PASSWORD });
});

afterAll(async () => {
  await Promise.all([asAdmin.close(), asLearner.close()]);
});

describe('setUserRole callable (Firebase JS SDK httpsCallable)', () => {
  it('lets an admin make a learner an instructor: claim set and mirrored to users/{uid}', async () => {
    const target = await createUser('learner', 'promote');
    const result = await httpsCallable(
      asAdmin.functions,
      'setUserRole',
    )({ email: target.email, role: 'instructor' });
    expect(result.data).toEqual({
      uid: target.uid,
      email: target.email,
      role: 'instructor',
      previous_role: 'learner',
    });
    const user = await adminAuth().getUser(target.uid);
    expect(user.customClaims).toEqual({ role: 'instructor' });
    const mirrored = (await db().collection('users').doc(target.uid).get()).data();
    expect(mirrored).toMatchObject({
      role: 'instructor',
      role_updated_by: admin.uid,
      email: target.email,
    });
  });

  it('takes effect at once: a demoted instructor’s old token no longer works (security finding 3)', async () => {
    const instructor = await createUser('instructor', 'demoted');
    const oldToken = instructor.token;
    const queue = '/api/v1/admin/submissions/pending';
    expect((await call('GET', queue, { token: oldToken })).status).toBe(200);
    // Revocation counts in whole seconds: the old token must predate it by one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await httpsCallable(asAdmin.functions, 'setUserRole')({ uid: instructor.uid, role: 'learner' });
    const replayed = await call('GET', queue, { token: oldToken });
    expect(replayed.status).toBe(401);
    const pathway = await call('POST', '/api/v1/pathways', {
      token: oldToken,
      body: { title: 'Still an instructor?' },
    });
    expect(pathway.status).toBe(401);
    const fresh = await signIn(instructor.email, TEST_PASSWORD);
    expect((await call('GET', queue, { token: fresh })).status).toBe(403);
  });

  it('is permission-denied for a learner', async () => {
    const error = await callableError(
      httpsCallable(asLearner.functions, 'setUserRole')({ uid: learner.uid, role: 'admin' }),
    );
    expect(error.code).toBe('functions/permission-denied');
    const user = await adminAuth().getUser(learner.uid);
    expect(user.customClaims?.role).toBeUndefined();
  });

  it('is unauthenticated without a signed-in user', async () => {
    const anonymous = await clientSession();
    try {
      const error = await callableError(
        httpsCallable(anonymous.functions, 'setUserRole')({ uid: learner.uid, role: 'admin' }),
      );
      expect(error.code).toBe('functions/unauthenticated');
    } finally {
      await anonymous.close();
    }
  });

  it('is invalid-argument with the failing field for bad data', async () => {
    const error = await callableError(
      httpsCallable(asAdmin.functions, 'setUserRole')({ uid: learner.uid, role: 'overlord' }),
    );
    expect(error.code).toBe('functions/invalid-argument');
    expect(error.details).toEqual({ fields: [expect.objectContaining({ path: 'data.role' })] });
    const both = await callableError(
      httpsCallable(asAdmin.functions, 'setUserRole')({ uid: 'x', email: 'a@b.co', role: 'admin' }),
    );
    expect(both.code).toBe('functions/invalid-argument');
  });

  it('is not-found for an unknown user', async () => {
    const error = await callableError(
      httpsCallable(asAdmin.functions, 'setUserRole')({ uid: 'nobody-here', role: 'admin' }),
    );
    expect(error.code).toBe('functions/not-found');
  });

  it('speaks the raw callable protocol: {data} in, {result} or {error} out', async () => {
    const url = `${functionsBaseUrl()}/setUserRole`;
    const ok = await call('POST', url, {
      token: admin.token,
      body: { data: { uid: learner.uid, role: 'learner' } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.result.role).toBe('learner');
    const noData = await call('POST', url, { token: admin.token, body: { nothing: true } });
    expect(noData.status).toBe(400);
    expect(noData.body.error.status).toBe('INVALID_ARGUMENT');
    const get = await call('GET', url, { token: admin.token });
    expect(get.status).toBe(400);
    const preflight = await call('OPTIONS', url, {
      headers: { Origin: 'https://app.example.com' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
