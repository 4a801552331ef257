import { randomUUID } from 'node:crypto';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { pubsub } from './services';

export interface Collector<T> {
  messages: { data: T; attributes: Record<string, string> }[];
  waitFor(predicate: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * A pull subscription of the test's own on a topic, collecting what is published to it;
 * `ordered` delivers messages of one ordering key in publication order.
 */
export async function collect<T = any>(
  topic: string,
  options: { ordered?: boolean } = {},
): Promise<Collector<T>> {
  const [subscription] = (await pubsub()
    .topic(topic)
    .createSubscription(`test-${topic}-${randomUUID().slice(0, 8)}`, {
      enableMessageOrdering: options.ordered ?? false,
    })) as unknown as [Subscription];
  const messages: { data: T; attributes: Record<string, string> }[] = [];
  const waiters: (() => void)[] = [];
  subscription.on('message', (message: Message) => {
    messages.push({
      data: JSON.parse(message.data.toString('utf8')) as T,
      attributes: message.attributes,
    });
    message.ack();
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    messages,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => predicate(m.data));
        if (found) return found.data;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message on ${topic} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      await subscription.close();
      await subscription.delete();
    },
  };
}
