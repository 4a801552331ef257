/**
 * `npm start`: runs inside `firebase emulators:exec` (see emulators.mjs), starts the local stack
 * on port 5001, loads the demo data and waits for Ctrl-C.
 */
import { loadDemoData } from '../seed/load';
import { demoUsers } from '../seed/demo-data';
import { startStack } from './stack';
import { runMain } from '../cli';

async function main(): Promise<void> {
  const port = Number(process.env.PATHWISE_PORT ?? 5001);
  const stack = await startStack({
    port,
    storagePort: Number(process.env.PATHWISE_STORAGE_PORT ?? 9199),
    tasksPort: Number(process.env.PATHWISE_TASKS_PORT ?? 8123),
    mailPort: Number(process.env.PATHWISE_MAIL_PORT ?? 8025),
  });
  const demo = await loadDemoData(stack.services);
  const base = stack.baseUrl;
  const lines = [
    '',
    'Pathwise local stack is up.',
    '',
    `  API base URL     ${base}/api/v1`,
    `  OpenAPI          ${base}/api/v1/openapi.json`,
    `  Functions        ${stack.host.functionsBaseUrl}/{name}   (connectFunctionsEmulator(functions, '127.0.0.1', ${stack.host.port}))`,
    `  Emulators        auth ${process.env.FIREBASE_AUTH_EMULATOR_HOST}, firestore ${process.env.FIRESTORE_EMULATOR_HOST}, pubsub ${process.env.PUBSUB_EMULATOR_HOST}`,
    `  Cloud Storage    ${stack.storage.url}   (STORAGE_EMULATOR_HOST; V4 signed URLs, bucket ${process.env.PATHWISE_SUBMISSIONS_BUCKET})`,
    `  Cloud Tasks      ${stack.tasks.host}   (CLOUD_TASKS_EMULATOR_HOST)`,
    `  Mail             ${stack.mail.sink.url}   (mail/ documents delivered over SMTP to ${stack.mail.sink.smtp.host}:${stack.mail.sink.smtp.port})`,
    `  Demo data        ${demo.users} users; pathways loaded: ${demo.pathways.join(', ') || '(already present)'}`,
    '',
    'ID tokens for the demo users (in another terminal):',
    ...Object.keys(demoUsers).map((role) => `  npm run -s token -- ${role}`),
    '',
    'Try:',
    `  curl -H "Authorization: Bearer $(npm run -s token -- learner)" ${base}/api/v1/pathways/image-generation/resources`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

runMain(main, { stackOnError: true });
