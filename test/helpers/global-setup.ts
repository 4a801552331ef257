import './env';
import { generateKeyPairSync } from 'node:crypto';
import { loadDemoData } from '../../infra/seed/load';
import { startStack, type Stack } from '../../infra/local/stack';
import { createTasksClient, queuePath } from '../../shared/platform/tasks';
import { Queues } from '../../shared/triggers';

declare global {
  var __PATHWISE_STACK__: Stack | undefined;
}

/** One local stack for the whole emulator run: tests reach it over HTTP, as clients do. */
export default async function globalSetup(): Promise<void> {
  // The stack's OIDC key, shared with the tests (test/helpers/events.ts) so they can present the
  // tokens Cloud Tasks and Eventarc would, and deliver events to functions over HTTP.
  const oidcSigningKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const stack = await startStack({
    port: 0,
    storageRetryDelayMs: 100,
    pubsubRetryDelayMs: 100,
    tasksBackoffScale: 0.01,
    oidcSigningKey,
  });
  // Statements are pushed to an LRS only while a test runs one (test/helpers/lrs.ts): held until
  // then, pushes of other tests' statements neither fail nor retry against a closed port.
  const { config } = stack.services;
  await createTasksClient(config).pauseQueue({ name: queuePath(Queues.lrsPush, config) });
  await loadDemoData(stack.services);
  globalThis.__PATHWISE_STACK__ = stack;
  process.env.PATHWISE_TEST_OIDC_KEY = oidcSigningKey;
  process.env.PATHWISE_BASE_URL = stack.baseUrl;
  process.env.PATHWISE_HOST_PORT = String(stack.host.port);
  process.env.PATHWISE_STORAGE_URL = stack.storage.url;
  process.env.PATHWISE_MAIL_SINK_URL = stack.mail.sink.url;
}
