import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/auth';
import { adminAuth } from './services';
import { demoUsers } from '../../infra/seed/demo-data';

export interface TestUser {
  uid: string;
  email: string;
  name: string;
  role: Role;
  token: string;
}

export const TEST_PASSWORD = 'test-password-1';

/** Signs in over the Auth emulator's REST API, as a client app would, and returns the ID token. */
export async function signIn(email: string, password: string): Promise<string> {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  const response = await fetch(
    `http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=test-api-key`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken?: string };
  if (!body.idToken) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(body)}`);
  return body.idToken;
}

/** A fresh user with a role claim, unique to the calling test. */
export async function createUser(role: Role, label: string = role): Promise<TestUser> {
  const uid = `${label}-${randomUUID().slice(0, 12)}`;
  const email = `${uid}@test.pathwise.dev`;
  const name = `Test ${label}`;
  const auth = adminAuth();
  await auth.createUser({ uid, email, password: TEST_PASSWORD, displayName: name });
  if (role !== 'learner') await auth.setCustomUserClaims(uid, { role });
  return { uid, email, name, role, token: await signIn(email, TEST_PASSWORD) };
}

export async function demoUser(which: keyof typeof demoUsers): Promise<TestUser> {
  const user = demoUsers[which];
  return {
    uid: user.uid,
    email: user.email,
    name: user.displayName,
    role: user.role,
    token: await signIn(user.email, user.password),
  };
}
