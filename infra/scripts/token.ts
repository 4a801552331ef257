/**
 * Prints a Firebase ID token from the Auth emulator for a demo user (learner, instructor, admin)
 * or any email/password:  npm run -s token -- learner   |   npm run -s token -- a@b.c secret
 */
import { DEMO_PASSWORD, demoUsers } from '../seed/demo-data';
import { runMain } from '../cli';

async function main(): Promise<void> {
  const [who = 'learner', password] = process.argv.slice(2);
  const demo = demoUsers[who as keyof typeof demoUsers];
  const email = demo?.email ?? who;
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099';
  const response = await fetch(
    `http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=local-demo-key`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email,
        password: password ?? demo?.password ?? DEMO_PASSWORD,
        returnSecureToken: true,
      }),
    },
  ).catch(() => {
    throw new Error(`The Auth emulator is not reachable at ${host}: is \`npm start\` running?`);
  });
  const body = (await response.json()) as { idToken?: string; error?: { message?: string } };
  if (!response.ok || !body.idToken) {
    throw new Error(`Sign-in failed for ${email}: ${body.error?.message ?? response.status}`);
  }
  process.stdout.write(body.idToken + '\n');
}

runMain(main);
