/**
 * npm run bench:pubsub-backlog [-- --messages 1500 --handler-ms 1000 --streaming] — a backlog on
 * one function's topic, delivered by the stack's Pub/Sub delivery (`infra/local/pubsub-delivery`)
 * to a plain HTTP function that takes `--handler-ms` per message, 10 at a time. Prints how many
 * POSTs it took to deliver every message, how many messages came more than once, and how long it
 * took. `--streaming` runs the same backlog through the client library's streaming pull with the
 * same flow control (what the delivery used before), for comparison. Figures only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PubSub, type Message } from '@google-cloud/pubsub';
import { PubsubDelivery } from '../local/pubsub-delivery';
import { subscriptionName } from '../local/pubsub-event';
import { runMain } from '../cli';
import { numberOption } from './common';

const PROJECT = process.env.GCLOUD_PROJECT ?? 'demo-pathwise';

/** Starts delivering `topic` to `url`; returns how to stop. */
async function deliver(pubsub: PubSub, topic: string, url: string, streaming: boolean) {
  const target = { functionName: topic, topic, url, retry: true, timeoutMs: 60_000 };
  if (!streaming) {
    const delivery = await PubsubDelivery.start({
      pubsub,
      projectId: PROJECT,
      serviceAccountEmail: 'bench@example.com',
      tokens: () => 'bench',
      targets: [target],
    });
    return () => delivery.stop();
  }
  const subscription = pubsub.subscription(subscriptionName(topic), {
    flowControl: { maxMessages: 10, allowExcessMessages: false },
  });
  subscription.on('message', (message: Message) => {
    void fetch(url, { method: 'POST', headers: { 'ce-id': message.id }, body: '{}' }).then(
      async (response) => {
        await response.arrayBuffer();
        if (response.ok) message.ack();
        else message.nack();
      },
      () => message.nack(),
    );
  });
  return () => subscription.close();
}

async function main(): Promise<void> {
  const messages = numberOption('messages', 1500);
  const handlerMs = numberOption('handler-ms', 1000);
  const streaming = process.argv.includes('--streaming');
  const posts = new Map<string, number>();
  let total = 0;
  const server = http.createServer((req, res) => {
    const id = String(req.headers['ce-id']);
    total += 1;
    posts.set(id, (posts.get(id) ?? 0) + 1);
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(204).end(), handlerMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const pubsub = new PubSub({ projectId: PROJECT });
  const name = `bench-backlog-${Date.now()}`;
  const [topic] = await pubsub.createTopic(name);
  // Before publishing: a subscription gets only what is published after it exists. The stack's
  // delivery gives it its own ack deadline when it starts.
  await topic.createSubscription(subscriptionName(name), { ackDeadlineSeconds: 60 });
  for (let i = 0; i < messages; i += 100)
    await Promise.all(
      Array.from({ length: Math.min(100, messages - i) }, (_, j) =>
        topic.publishMessage({ json: { n: i + j } }),
      ),
    );
  console.log(
    `${messages} messages published; delivering through ${streaming ? 'a streaming pull (client flow control: 10)' : 'the stack delivery (10 at a time)'} to a function taking ${handlerMs} ms`,
  );
  const started = Date.now();
  const stop = await deliver(pubsub, name, url, streaming);
  const floor = (messages * handlerMs) / 10;
  // Every message delivered, then a while longer for late redeliveries.
  let shown = Date.now();
  while (posts.size < messages) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (Date.now() - shown < 10_000) continue;
    shown = Date.now();
    console.log(
      `  after ${((shown - started) / 1000).toFixed(0)} s: ${posts.size} messages, ${total} POSTs`,
    );
  }
  const done = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, Math.max(10_000, handlerMs * 10)));
  await stop();
  const twice = [...posts.values()].filter((n) => n > 1).length;
  console.log(
    `every message delivered after ${(done / 1000).toFixed(1)} s (at least ${(floor / 1000).toFixed(1)} s at 10 at a time): ${total} POSTs, ${twice} messages more than once`,
  );
  await pubsub.subscription(subscriptionName(name)).delete();
  await topic.delete();
  server.close();
}

runMain(main, { exitWhenDone: true });
