import { randomUUID } from 'node:crypto';
import type { Auth } from 'firebase-admin/auth';

/** A fresh learner in the Auth emulator, signed in over its REST API as a client would. */
export async function learnerToken(auth: Auth): Promise<string> {
  const uid = `bench-${randomUUID().slice(0, 10)}`;
  const email = `${uid}@bench.pathwise.dev`;
  await auth.createUser({ uid, email, password: 'bench-password' });
  const response = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=bench`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password', returnSecureToken: true }),
    },
  );
  return ((await response.json()) as { idToken: string }).idToken;
}

/** Nearest-rank quantile of ascending samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}
