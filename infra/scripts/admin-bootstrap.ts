/**
 * Makes the first admin:  npm run admin:bootstrap -- person@example.com [--local]
 * Against a real project it uses Application Default Credentials and GOOGLE_CLOUD_PROJECT;
 * with --local it talks to the emulators of a running `npm start`.
 */
import { servicesFromEnvironment } from '../../functions/services';
import { runMain } from '../cli';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const email = args.find((a) => !a.startsWith('--'));
  if (!email) {
    console.error('usage: npm run admin:bootstrap -- <email> [--local]');
    process.exit(2);
  }
  if (args.includes('--local')) {
    process.env.FIREBASE_AUTH_EMULATOR_HOST ??= '127.0.0.1:9099';
    process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
    process.env.GOOGLE_CLOUD_PROJECT ??= 'demo-pathwise';
  }
  const services = servicesFromEnvironment();
  const result = await services.users.roles.assign({ email }, 'admin', 'admin-bootstrap');
  console.log(
    `${result.email ?? result.uid} is now admin (was ${result.previous_role}). New ID tokens carry the claim.`,
  );
}

runMain(main);
