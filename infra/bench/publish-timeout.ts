/**
 * npm run bench:publish-timeout — how long a publish to an unreachable Pub/Sub takes to fail,
 * against its budget: through `Publisher` (gax's backoff capped by `publishBackoff`) and, beside
 * it, the same publish with only gax's total timeout set (Publish's own backoff, delays growing
 * fourfold to 60 s). Every publish has a client of its own on a port that was just closed; all
 * run at once, since they spend their time waiting. No emulator needed. Figures only.
 */
import { PubSub } from '@google-cloud/pubsub';
import { PUBLISH_TIMEOUT_MS, Publisher } from '../../shared/platform/pubsub';
import { runMain } from '../cli';
import { freePort } from '../local/tcp-gate';
import { formatPercentiles, numberOption, percentiles, stopwatch } from './common';

/** Wall time until the publish failed; a publish that succeeds is an error of the setup. */
async function failureMs(budgetMs: number, capped: boolean): Promise<number> {
  const client = new PubSub({
    projectId: 'demo-unreachable',
    apiEndpoint: `localhost:${await freePort()}`,
  });
  try {
    const publish = capped
      ? () => new Publisher(client, budgetMs).publishJson('bench', { n: 1 }, {}, 'k')
      : () =>
          client
            .topic('bench', { messageOrdering: true, gaxOpts: { timeout: budgetMs } })
            .publishMessage({ json: { n: 1 }, orderingKey: 'k' });
    const { ms } = await stopwatch(() =>
      publish().then(
        () => {
          throw new Error('a publish to a closed port succeeded');
        },
        () => undefined,
      ),
    );
    return ms;
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const runs = numberOption('runs', 20);
  const budgetMs = numberOption('budget', PUBLISH_TIMEOUT_MS);
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const [capped, own] = await Promise.all([
    Promise.all(Array.from({ length: runs }, () => failureMs(budgetMs, true))),
    Promise.all(Array.from({ length: runs }, () => failureMs(budgetMs, false))),
  ]);
  console.log(`publish to an unreachable Pub/Sub, budget ${budgetMs} ms, ${runs} runs each`);
  const line = (name: string, samples: number[]) =>
    console.log(`  ${name}: failed after ${formatPercentiles(percentiles(samples), 0, ['max'])}`);
  line('Publisher (capped backoff)', capped);
  line("gax's own Publish backoff ", own);
}

runMain(main, { exitWhenDone: true });
