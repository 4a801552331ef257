/**
 * npm run bench:soak [-- --minutes 15 --learners 20 --restart-every 3 --down 5] — mixed traffic
 * against the whole local stack while its emulators restart (`soak-args.ts` has the usage).
 *
 * Learners visit the demo pathway without pause (`soak-traffic.ts`: enrol, start, progress,
 * complete, quiz, and an upload through the signed-URL flow), their client retrying as real
 * clients do (`soak-client.ts`). Every few minutes one emulator restarts, in turn Pub/Sub, Storage
 * and Tasks (`soak-restarts.ts`); the stack runs its own Pub/Sub emulator behind a gate and keeps
 * the Storage and Tasks emulators' state in a directory, so each can go down alone. Once a
 * minute this process publishes the outbox drain's tick, as Cloud Scheduler does, and samples its
 * memory (`soak-memory.ts`). At the end, once everything has had time to settle, it compares by
 * id what was published with what the consumers stored (`soak-ledger.ts`, `soak-tally.ts`) and
 * prints lost events, duplicated effects, uploads, requests, retries and errors per endpoint, and
 * memory over time. Figures only: nothing here asserts on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Topics } from '../../shared/triggers';
import { loadDemoData } from '../seed/load';
import type { DeliveryCounts } from '../local/pubsub-delivery';
import { startStack } from '../local/stack';
import { runMain } from '../cli';
import { parseSoakArgs, SOAK_USAGE, type SoakOptions } from './soak-args';
import { RetryingClient } from './soak-client';
import { EventLedger, LEDGER_TOPICS, type PublishedEvent } from './soak-ledger';
import { heapAfterGc, memoryGrowth, sampleMemory, type MemorySample } from './soak-memory';
import { startRestarts, type RestartRecord } from './soak-restarts';
import { lossCause, Tally } from './soak-tally';
import { noneAccepted, UPLOAD_RESOURCE, visit, type Accepted } from './soak-traffic';

/**
 * How long the consumers get, after the traffic stops, to catch up: a backlog is waited for as
 * long as it keeps shrinking (on this 2-core machine the consumers fall behind the traffic), and
 * whatever is missing once nothing moved for `STALL_MS` is lost.
 */
const SETTLE_MS = 30 * 60_000;
const STALL_MS = 120_000;

const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const count = (map: ReadonlyMap<string, number>) =>
  [...map].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

function printRequests(client: RetryingClient): void {
  const totals = client.totals();
  console.log(
    `requests ${totals.requests}: errors after retries ${totals.errors}, retries made ${totals.retries}`,
  );
  console.log(`  ${'endpoint'.padEnd(26)} requests  retries  errors  failures`);
  for (const [endpoint, c] of client.endpoints) {
    console.log(
      `  ${endpoint.padEnd(26)} ${String(c.requests).padStart(8)} ${String(c.retries).padStart(8)} ${String(c.errors).padStart(7)}  ${count(c.failures)}`,
    );
  }
}

/** Events per minute of the soak in which Pub/Sub last accepted them, as `minute n`. */
function perMinute(events: readonly PublishedEvent[], started: number): string {
  const minutes = new Map<string, number>();
  for (const e of events) {
    const at = e.acceptedAt.length > 0 ? Math.max(...e.acceptedAt) : undefined;
    const key = at === undefined ? 'never' : String(Math.floor((at - started) / 60_000));
    minutes.set(key, (minutes.get(key) ?? 0) + 1);
  }
  const order = (key: string) => (key === 'never' ? Infinity : Number(key));
  return count(new Map([...minutes].sort(([a], [b]) => order(a) - order(b))));
}

function printEvents(
  ledger: EventLedger,
  tally: Tally,
  restarts: RestartRecord[],
  started: number,
): void {
  const kills = restarts.filter((r) => r.emulator === 'pubsub').map((r) => r.at);
  const missing = tally.missing();
  console.log('events (published: outbox entries, by id; consumed: their stream entries stored)');
  for (const topic of LEDGER_TOPICS) {
    const all = [...ledger.events.values()].filter((e) => e.topic === topic);
    const checked = all.filter((e) => e.stream.length > 0);
    const lost = missing.filter((e) => e.topic === topic).length;
    const types = new Map<string, number>();
    for (const e of checked) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    console.log(
      `  ${topic}: published ${all.length} (${checked.length} with stream entries: ${count(types)}), consumed ${checked.length - lost}, lost ${lost}`,
    );
  }
  const causes = new Map<string, number>();
  for (const e of missing) {
    const cause = lossCause(e.acceptedAt, kills);
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  console.log(`  lost events by cause: ${count(causes)}`);
  const checked = [...ledger.events.values()].filter((e) => e.stream.length > 0);
  console.log(`  published, by minute last accepted: ${perMinute(checked, started)}`);
  console.log(`  lost, by minute last accepted: ${perMinute(missing, started)}`);
  for (const e of missing.slice(0, 10))
    console.log(`    ${e.topic} ${e.type} ${e.id}: ${lossCause(e.acceptedAt, kills)}`);
}

/** Pub/Sub deliveries per function, and those of a message the stack had already acknowledged. */
function printDeliveries(counts: ReadonlyMap<string, DeliveryCounts>): void {
  const total = { received: 0, acked: 0, redelivered: 0 };
  for (const c of counts.values()) {
    total.received += c.received;
    total.acked += c.acked;
    total.redelivered += c.redelivered;
  }
  console.log(
    `Pub/Sub deliveries ${total.received}: acknowledged ${total.acked}, of a message already acknowledged ${total.redelivered}`,
  );
  for (const [fn, c] of counts)
    if (c.received > 0)
      console.log(
        `  ${fn.padEnd(26)} ${String(c.received).padStart(7)} received ${String(c.acked).padStart(7)} acknowledged ${String(c.redelivered).padStart(5)} again`,
      );
}

function printMemory(samples: MemorySample[]): void {
  console.log(
    `memory of this process (functions host, Storage and Tasks emulators, mail sink, load generator and this tally), heap ${heapAfterGc ? 'after a full GC' : 'used (no --expose-gc: includes garbage)'}:`,
  );
  for (const s of samples)
    console.log(
      `  minute ${String(s.minute).padStart(4)}: rss ${s.rssMiB.toFixed(0).padStart(5)} MiB, heap ${s.heapMiB.toFixed(1).padStart(7)} MiB`,
    );
  const growth = memoryGrowth(samples);
  if (growth)
    console.log(
      `  growth, minute ${growth.fromMinute} → ${growth.toMinute}: heap ${growth.heapFirstMiB.toFixed(1)} → ${growth.heapLastMiB.toFixed(1)} MiB, least-squares slope heap ${growth.heapSlope.toFixed(2)} MiB/min, rss ${growth.rssSlope.toFixed(2)} MiB/min`,
    );
}

function printSummary(
  options: SoakOptions,
  parts: {
    client: RetryingClient;
    ledger: EventLedger;
    tally: Tally;
    accepted: Accepted;
    deliveries: ReadonlyMap<string, DeliveryCounts>;
  },
  restarts: RestartRecord[],
  samples: MemorySample[],
  loadBefore: string,
  started: number,
): void {
  const { client, ledger, tally, accepted, deliveries } = parts;
  console.log(
    `\nsoak: ${options.minutes} min, ${options.learners} learners at a time, ${options.restartEveryMs > 0 ? `a restart every ${options.restartEveryMs / 60_000} min, ${options.downMs / 1000} s down` : 'no restarts'}`,
  );
  console.log(`load average (1, 5, 15 min): before ${loadBefore}, after ${load()}`);
  const per = new Map<string, number>();
  for (const r of restarts) per.set(r.emulator, (per.get(r.emulator) ?? 0) + 1);
  console.log(`restarts ${restarts.length} (${count(per)})`);
  printRequests(client);
  console.log(`learners ${accepted.learners.size}`);
  printEvents(ledger, tally, restarts, started);
  printDeliveries(deliveries);
  const uploads = tally.uploads();
  console.log(
    `uploads: accepted ${accepted.uploads.size} (PUT stored), their submissions: ${count(uploads.statuses)}; lost ${uploads.lost.length}, doubled ${uploads.doubled.length}`,
  );
  for (const id of uploads.lost.slice(0, 10)) console.log(`    lost upload ${id}`);
  const duplicated = tally.duplicatedEntries();
  console.log(
    `duplicated effects: stream entries stored twice ${duplicated.length}, submissions doubled ${uploads.doubled.length}`,
  );
  for (const d of [...duplicated, ...uploads.doubled].slice(0, 10)) console.log(`    ${d}`);
  const view = tally.clientView();
  console.log(
    `client view, accepted by the API without their stream entry: ${Object.entries(view)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  printMemory(samples);
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  const args = parseSoakArgs(process.argv.slice(2));
  if (!args.ok) {
    for (const error of args.errors) console.error(error);
    console.error(SOAK_USAGE);
    process.exit(2);
  }
  const options = args.options;
  const loadBefore = load();
  const ledger = new EventLedger();
  ledger.recordPublishes();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'pathwise-soak-'));
  const stack = await startStack({
    port: 0,
    stateDir,
    pubsubPort: 0,
    watchers: [ledger.watcher()],
  });
  const { firestore } = stack.services.clients;
  let started = Date.now();
  const clock = () => `+${mmss(Date.now() - started)}`;
  const client = new RetryingClient(clock);
  const accepted = noneAccepted();
  const samples: MemorySample[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await loadDemoData(stack.services);
    started = Date.now();
    samples.push(sampleMemory(0));
    const until = started + options.minutes * 60_000;
    let minute = 0;
    const everyMinute = async () => {
      minute += 1;
      const sample = sampleMemory(minute);
      if (Date.now() <= until) samples.push(sample);
      const totals = client.totals();
      console.log(
        `${clock()} minute ${minute}: requests ${totals.requests}, errors ${totals.errors}, retries ${totals.retries}, learners ${accepted.learners.size}, uploads ${accepted.uploads.size}, rss ${sample.rssMiB.toFixed(0)} MiB, heap ${sample.heapMiB.toFixed(0)} MiB`,
      );
      const deliveries = [...stack.pubsub.counts]
        .map(
          ([fn, c]) =>
            `${fn} ${c.acked}/${c.received}${c.redelivered ? ` (${c.redelivered} again)` : ''} ${Math.round(c.postMs / Math.max(1, c.received))} ms`,
        )
        .join(', ');
      console.log(
        `${clock()}   Pub/Sub deliveries so far (acknowledged/received, of them already acknowledged, mean POST): ${deliveries}`,
      );
      // Cloud Scheduler's job: the outbox drain's tick (lost, as the real one, if Pub/Sub is down).
      await stack.services.clients.publisher
        .publishJson(Topics.outboxTick, {})
        .catch((error: unknown) => console.log(`${clock()} drain tick not published: ${error}`));
    };
    timer = setInterval(() => void everyMinute(), 60_000);
    const restarts = startRestarts(stack, {
      everyMs: options.restartEveryMs,
      downMs: options.downMs,
      until,
      clock,
    });
    await Promise.all(
      Array.from({ length: options.learners }, async () => {
        while (Date.now() < until)
          await visit(stack.services.clients.auth, stack.baseUrl, client, accepted);
      }),
    );
    await restarts.stop();
    samples.push(sampleMemory(Number(((Date.now() - started) / 60_000).toFixed(1))));
    console.log(
      `${clock()} traffic stopped; waiting for consumers while they make progress (${STALL_MS / 1000} s without any ends it; at most ${SETTLE_MS / 60_000} min)`,
    );

    const tally = new Tally(firestore, ledger.events, accepted, UPLOAD_RESOURCE);
    await ledger.scanOutbox(firestore);
    const settled = await tally.settle({
      deadline: Date.now() + SETTLE_MS,
      stallMs: STALL_MS,
      outboxSize: () => ledger.scanOutbox(firestore),
      acknowledged: () => [...stack.pubsub.counts.values()].reduce((n, c) => n + c.acked, 0),
      pubsubKills: () => restarts.records.filter((r) => r.emulator === 'pubsub').map((r) => r.at),
    });
    const left = await ledger.scanOutbox(firestore);
    console.log(
      `${clock()} ${settled.ended} after ${(settled.ms / 1000).toFixed(0)} s; outbox entries left: ${left}`,
    );
    printSummary(
      options,
      { client, ledger, tally, accepted, deliveries: stack.pubsub.counts },
      restarts.records,
      samples,
      loadBefore,
      started,
    );
  } finally {
    clearInterval(timer);
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
