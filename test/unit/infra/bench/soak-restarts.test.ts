import { startRestarts } from '../../../../infra/bench/soak-restarts';
import type { RestartableEmulator } from '../../../../infra/local/stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let logs: jest.SpyInstance;
beforeEach(() => {
  logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => logs.mockRestore());

describe('startRestarts', () => {
  it('restarts Pub/Sub, Storage and Tasks in turn, each down for the time asked, until told', async () => {
    const calls: [RestartableEmulator, number | undefined][] = [];
    const loop = startRestarts(
      {
        restart: async (emulator, options) => {
          calls.push([emulator, options?.downMs]);
        },
      },
      { everyMs: 20, downMs: 7, until: Date.now() + 10_000, clock: () => 't' },
    );
    while (calls.length < 4) await sleep(10);
    await loop.stop();
    const rotation = ['pubsub', 'storage', 'tasks'];
    expect(calls).toEqual(calls.map((_, i) => [rotation[i % 3], 7]));
    expect(loop.records.map((r) => r.emulator)).toEqual(calls.map(([e]) => e));
    const count = calls.length;
    await sleep(60);
    expect(calls).toHaveLength(count);
  });

  it('leaves half an interval after a slow restart instead of starting the next at once', async () => {
    const at: number[] = [];
    const loop = startRestarts(
      {
        restart: async () => {
          at.push(Date.now());
          if (at.length === 1) await sleep(200);
        },
      },
      { everyMs: 100, downMs: 0, until: Date.now() + 10_000, clock: () => 't' },
    );
    await sleep(420);
    await loop.stop();
    const [first = 0, second = 0] = at;
    // The first ends ~300 ms in; the second waits until ~350 ms, not its slot at 200 ms.
    expect(second - first).toBeGreaterThanOrEqual(240);
  });

  it('starts no restart once the traffic is over, and none at all for an interval of 0', async () => {
    const started: number[] = [];
    const stack = { restart: async () => void started.push(Date.now()) };
    const until = Date.now() + 60;
    const over = startRestarts(stack, { everyMs: 10, downMs: 0, until, clock: () => 't' });
    const none = startRestarts(stack, {
      everyMs: 0,
      downMs: 0,
      until: Date.now() + 1_000,
      clock: () => 't',
    });
    await sleep(200);
    await Promise.all([over.stop(), none.stop()]);
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((t) => t < until)).toBe(true);
    expect(none.records).toEqual([]);
  });
});
