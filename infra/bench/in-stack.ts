import type { Services } from '../../functions/services';
import { startStack } from '../local/stack';

/** Runs a benchmark against the local stack (quiet logs), stopping the stack whatever happens. */
export async function benchInStack(run: (services: Services) => Promise<void>): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const stack = await startStack({ port: 0 });
  await run(stack.services).finally(() => stack.stop());
}
