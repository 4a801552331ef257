import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { setLogLevel } from 'firebase/firestore';

type Store = ReturnType<RulesTestContext['firestore']>;

/**
 * The Firestore emulator under the repository's `firestore.rules`, for one rules test file: in a
 * project of its own (so clearing its data never touches the stack's or another file's), seeded
 * by `seed` with the rules off before the file's tests, and cleaned up after them.
 */
export function firestoreRules(
  projectId: string,
  seed: (store: Store) => Promise<void>,
): { readonly env: RulesTestEnvironment } {
  // Denied reads and writes are the point of these tests; the SDK's warnings about them are noise.
  setLogLevel('silent');
  let env: RulesTestEnvironment | undefined;
  beforeAll(async () => {
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080').split(':');
    env = await initializeTestEnvironment({
      projectId,
      firestore: {
        rules: readFileSync(path.resolve(__dirname, '../../firestore.rules'), 'utf8'),
        host,
        port: Number(port),
      },
    });
    await env.withSecurityRulesDisabled((ctx) => seed(ctx.firestore()));
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  return {
    get env(): RulesTestEnvironment {
      if (!env) throw new Error('The rules environment starts in beforeAll: use it in a test');
      return env;
    },
  };
}
