import type { Auth, UserRecord } from 'firebase-admin/auth';
import { UserDirectory } from '../../../shared/users/directory';

function authFailingWith(error: unknown): Auth {
  return {
    getUser: async () => {
      throw error;
    },
  } as unknown as Auth;
}

describe('UserDirectory.contact', () => {
  it('reads the address, name and role from the Auth record', async () => {
    const auth = {
      getUser: async (uid: string) =>
        ({
          uid,
          email: 'ada@example.org',
          displayName: 'Ada',
          customClaims: { role: 'instructor' },
        }) as unknown as UserRecord,
    } as unknown as Auth;
    await expect(new UserDirectory(auth).contact('u1')).resolves.toEqual({
      email: 'ada@example.org',
      name: 'Ada',
      role: 'instructor',
    });
  });

  it('answers nobody for a deleted account', async () => {
    const gone = Object.assign(new Error('no user'), { code: 'auth/user-not-found' });
    await expect(new UserDirectory(authFailingWith(gone)).contact('u1')).resolves.toEqual({
      email: null,
      name: null,
      role: 'learner',
    });
  });

  it('throws when Auth fails for any other reason, so no mail is skipped as "no address"', async () => {
    const down = Object.assign(new Error('socket hang up'), { code: 'app/network-error' });
    await expect(new UserDirectory(authFailingWith(down)).contact('u1')).rejects.toBe(down);
  });
});
