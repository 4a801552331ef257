import { randomUUID } from 'node:crypto';
import type { Auth } from 'firebase-admin/auth';

/** The demo pathway the load benchmarks drive, and the right answers to its first quiz. */
export const PATHWAY = 'image-generation';
export const MODULE = 'foundations-image-gen';
export const QUIZ_ANSWERS = {
  [`${MODULE}-q1`]: [1],
  [`${MODULE}-q2`]: [0, 2],
  [`${MODULE}-q3`]: [0],
};

/** A fresh person in the Auth emulator (named, with a role), signed in over its REST API. */
export async function learner(
  auth: Auth,
  displayName?: string,
  role?: 'instructor' | 'admin',
): Promise<{ uid: string; token: string }> {
  const uid = `bench-${randomUUID().slice(0, 10)}`;
  const email = `${uid}@bench.pathwise.dev`;
  await auth.createUser({ uid, email, password: 'bench-password', displayName });
  if (role) await auth.setCustomUserClaims(uid, { role });
  const response = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=bench`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password', returnSecureToken: true }),
    },
  );
  return { uid, token: ((await response.json()) as { idToken: string }).idToken };
}

/** A fresh learner's ID token. */
export async function learnerToken(auth: Auth): Promise<string> {
  return (await learner(auth)).token;
}

/** Nearest-rank quantile of ascending samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}
