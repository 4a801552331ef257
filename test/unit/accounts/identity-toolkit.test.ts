import { IdentityToolkit } from '../../../shared/accounts/identity-toolkit';
import { AppError } from '../../../shared/errors';

/** The REST API's answers, as Identity Toolkit documents them, and what Pathwise says. */
function toolkitAnswering(status: number, body: unknown, seen: string[] = []) {
  const fake: typeof fetch = async (input) => {
    seen.push(String(input));
    return new Response(JSON.stringify(body), { status });
  };
  return new IdentityToolkit({ apiKey: 'key 1', emulatorHost: '127.0.0.1:9099', fetch: fake });
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('IdentityToolkit', () => {
  it('signs in at the emulator path with the key and maps the tokens', async () => {
    const seen: string[] = [];
    const toolkit = toolkitAnswering(
      200,
      { localId: 'u1', idToken: 'id', refreshToken: 'r', expiresIn: '3600' },
      seen,
    );
    await expect(toolkit.signIn('a@b.c', 'pw')).resolves.toEqual({
      uid: 'u1',
      id_token: 'id',
      refresh_token: 'r',
      expires_in: 3600,
    });
    expect(seen).toEqual([
      'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=key%201',
    ]);
  });

  it.each([
    ['INVALID_LOGIN_CREDENTIALS', 'unauthenticated', 'Wrong email or password'],
    ['EMAIL_NOT_FOUND', 'unauthenticated', 'Wrong email or password'],
    ['INVALID_PASSWORD', 'unauthenticated', 'Wrong email or password'],
    ['USER_DISABLED', 'permission_denied', 'This account is disabled'],
    [
      'TOO_MANY_ATTEMPTS_TRY_LATER : Access to this account has been temporarily disabled',
      'resource_exhausted',
      'Too many sign-in attempts for this account; try again later',
    ],
    ['OPERATION_NOT_ALLOWED', 'unavailable', 'Sign-in is unavailable right now'],
  ])('answers %s as %s', async (message, code, text) => {
    const error = await failure(
      toolkitAnswering(400, { error: { code: 400, message } }).signIn('a@b.c', 'pw'),
    );
    expect({ code: error.code, message: error.message }).toEqual({ code, message: text });
  });

  it('refuses an expired or unknown refresh token as unauthenticated', async () => {
    for (const message of ['TOKEN_EXPIRED', 'INVALID_REFRESH_TOKEN', 'USER_NOT_FOUND']) {
      const error = await failure(toolkitAnswering(400, { error: { message } }).refresh('token'));
      expect(error.code).toBe('unauthenticated');
    }
  });

  it('treats an answer that is not the error shape as unavailable, with the status kept', async () => {
    const error = await failure(toolkitAnswering(502, 'gateway').signIn('a@b.c', 'pw'));
    expect(error.code).toBe('unavailable');
    expect(String((error.cause as Error).message)).toBe('Identity Toolkit: HTTP 502');
  });
});
