import { TickSchema } from '../shared/events';
import { log, LogEvent } from '../shared/log';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Every five minutes (Cloud Scheduler → Pub/Sub): sends failed or stuck `mail/` documents back
 * to the extension with backoff, and gives up on them after the limit.
 */
export const watchMail: FunctionFactory = (s) =>
  pubsubFunction(
    'watchMail',
    Topics.mailWatchTick,
    TickSchema,
    async () => {
      const run = await s.email.watch.run(new Date());
      log.info(LogEvent.eventProcessed, 'Mail watcher pass', run);
    },
    s.edge,
  );
