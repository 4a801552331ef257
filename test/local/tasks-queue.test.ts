import {
  burstSizeFor,
  mayRetry,
  QueueScheduler,
  retryDelayMs,
  TokenBucket,
  type Clock,
  type RetrySettings,
} from '../../infra/local/tasks-emulator/queue';

class FakeClock implements Clock {
  constructor(private time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const seconds = (s: number) => s * 1000;

describe('retryDelayMs', () => {
  it('follows the documented example: 10 s min, 300 s max, 3 doublings', () => {
    const settings: RetrySettings = {
      maxAttempts: -1,
      minBackoffMs: seconds(10),
      maxBackoffMs: seconds(300),
      maxDoublings: 3,
    };
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((retry) => retryDelayMs(settings, retry) / 1000);
    expect(delays).toEqual([10, 20, 40, 80, 160, 240, 300, 300]);
  });

  it('doubles up to maxBackoff with the default 16 doublings', () => {
    const settings = { maxAttempts: 10, minBackoffMs: 100, maxBackoffMs: 1000, maxDoublings: 16 };
    const delays = [1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(settings, retry));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('grows linearly when doubling is off', () => {
    const settings = { maxAttempts: 10, minBackoffMs: 100, maxBackoffMs: 350, maxDoublings: 0 };
    const delays = [1, 2, 3, 4, 5].map((retry) => retryDelayMs(settings, retry));
    expect(delays).toEqual([100, 200, 300, 350, 350]);
  });

  it('waits nothing when the backoffs are zero', () => {
    const settings = { maxAttempts: 3, minBackoffMs: 0, maxBackoffMs: 0, maxDoublings: 16 };
    expect(retryDelayMs(settings, 5)).toBe(0);
  });
});

describe('mayRetry', () => {
  it('counts the first attempt in maxAttempts', () => {
    const settings = { maxAttempts: 3, minBackoffMs: 0, maxBackoffMs: 0, maxDoublings: 16 };
    expect([1, 2, 3].map((attempts) => mayRetry(settings, attempts))).toEqual([true, true, false]);
  });

  it('never gives up with -1', () => {
    const settings = { maxAttempts: -1, minBackoffMs: 0, maxBackoffMs: 0, maxDoublings: 16 };
    expect(mayRetry(settings, 10_000)).toBe(true);
  });
});

describe('burstSizeFor', () => {
  it('allows one second of dispatches, between 1 and 100', () => {
    expect([0.5, 1, 5, 7.5, 500].map(burstSizeFor)).toEqual([1, 1, 5, 8, 100]);
  });
});

describe('TokenBucket', () => {
  it('starts full, empties, and refills at the rate', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 3, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true]);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(500);
    clock.advance(499);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(1);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it('never holds more than its capacity', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(10, 2, clock);
    clock.advance(60_000);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it('handles fractional rates', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(0.5, 1, clock);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.msUntilAvailable()).toBe(2000);
    clock.advance(2000);
    expect(bucket.tryTake()).toBe(true);
  });

  it('refuses a rate that would never refill', () => {
    expect(() => new TokenBucket(0, 1, new FakeClock())).toThrow(/positive rate/);
  });
});

describe('QueueScheduler', () => {
  const generous = {
    maxDispatchesPerSecond: 1000,
    maxBurstSize: 100,
    maxConcurrentDispatches: 100,
  };

  it('hands out tasks when they fall due, earliest first, and says when to look again', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(generous, clock);
    const t0 = clock.now();
    scheduler.schedule('late', t0 + 300);
    scheduler.schedule('early', t0 + 100);
    scheduler.schedule('now', t0);
    expect(scheduler.take()).toEqual({ due: ['now'], wakeAt: t0 + 100 });
    clock.advance(99);
    expect(scheduler.take()).toEqual({ due: [], wakeAt: t0 + 100 });
    clock.advance(250);
    expect(scheduler.take()).toEqual({ due: ['early', 'late'], wakeAt: undefined });
    expect(scheduler.inFlight).toBe(3);
  });

  it('keeps arrival order among tasks due at the same moment', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(generous, clock);
    for (const key of ['a', 'b', 'c', 'd']) scheduler.schedule(key, clock.now());
    expect(scheduler.take().due).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves a task that is scheduled again and forgets a cancelled one', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(generous, clock);
    const t0 = clock.now();
    scheduler.schedule('a', t0 + 50);
    scheduler.schedule('b', t0 + 100);
    scheduler.schedule('a', t0 + 200);
    expect(scheduler.cancel('b')).toBe(true);
    expect(scheduler.cancel('b')).toBe(false);
    expect(scheduler.waitingCount).toBe(1);
    expect(scheduler.take()).toEqual({ due: [], wakeAt: t0 + 200 });
  });

  it('holds due tasks while the concurrency limit is reached, until a dispatch finishes', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler({ ...generous, maxConcurrentDispatches: 2 }, clock);
    for (const key of ['a', 'b', 'c']) scheduler.schedule(key, clock.now());
    expect(scheduler.take()).toEqual({ due: ['a', 'b'], wakeAt: undefined });
    expect(scheduler.take()).toEqual({ due: [], wakeAt: undefined });
    scheduler.finish();
    expect(scheduler.take()).toEqual({ due: ['c'], wakeAt: undefined });
    expect(scheduler.inFlight).toBe(2);
  });

  it('paces due tasks with the token bucket and wakes when the next token arrives', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(
      { maxDispatchesPerSecond: 5, maxBurstSize: 2, maxConcurrentDispatches: 100 },
      clock,
    );
    for (const key of ['a', 'b', 'c', 'd']) scheduler.schedule(key, clock.now());
    const first = scheduler.take();
    expect(first.due).toEqual(['a', 'b']);
    expect(first.wakeAt).toBe(clock.now() + 200);
    clock.advance(200);
    expect(scheduler.take()).toEqual({ due: ['c'], wakeAt: clock.now() + 200 });
    clock.advance(200);
    expect(scheduler.take()).toEqual({ due: ['d'], wakeAt: undefined });
  });

  it('dispatches nothing while paused and resumes where it stopped', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(generous, clock);
    scheduler.pause();
    scheduler.schedule('a', clock.now());
    expect(scheduler.take()).toEqual({ due: [], wakeAt: undefined });
    expect(scheduler.isIdle()).toBe(false);
    scheduler.resume();
    expect(scheduler.take().due).toEqual(['a']);
  });

  it('counts a forced dispatch as in flight and is idle only when nothing waits or runs', () => {
    const clock = new FakeClock();
    const scheduler = new QueueScheduler(generous, clock);
    expect(scheduler.isIdle()).toBe(true);
    scheduler.begin();
    expect(scheduler.isIdle()).toBe(false);
    scheduler.finish();
    scheduler.schedule('a', clock.now() + 10);
    expect(scheduler.isIdle()).toBe(false);
    scheduler.clear();
    expect(scheduler.isIdle()).toBe(true);
  });
});
