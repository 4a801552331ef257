/**
 * Scheduling decisions for one queue, free of I/O and real time so they can be tested with a
 * fake clock: when a task may be dispatched (schedule time, rate limit, concurrency), and how
 * long a failed task waits before its next attempt. The emulator's dispatcher only turns these
 * decisions into timers and HTTP requests.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Cloud Tasks' default when a queue does not set `maxDoublings`. */
export const DEFAULT_MAX_DOUBLINGS = 16;

export interface RetrySettings {
  /** Attempts including the first; -1 is unlimited. */
  maxAttempts: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxDoublings: number;
}

/**
 * The wait before retry number `retry` (1 is the first retry), as Cloud Tasks documents it: the
 * interval starts at minBackoff, doubles maxDoublings times, then grows linearly by the last
 * doubled interval, and never exceeds maxBackoff. With min 10 s, max 300 s and 3 doublings the
 * retries come after 10, 20, 40, 80, 160, 240, 300, 300… seconds.
 */
export function retryDelayMs(settings: RetrySettings, retry: number): number {
  const step = Math.max(0, retry - 1);
  const doublings = Math.min(step, settings.maxDoublings);
  const doubled = settings.minBackoffMs * 2 ** doublings;
  const delay =
    step > settings.maxDoublings ? doubled * (step - settings.maxDoublings + 1) : doubled;
  return Math.min(delay, settings.maxBackoffMs);
}

/** Whether a task that has been dispatched `attempts` times may be dispatched again. */
export function mayRetry(settings: RetrySettings, attempts: number): boolean {
  return settings.maxAttempts < 0 || attempts < settings.maxAttempts;
}

/**
 * Cloud Tasks picks a queue's burst size itself from its rate (`maxBurstSize` is output only);
 * a burst of one second's worth of dispatches, at most 100, is what queues created through the
 * API report for common rates.
 */
export function burstSizeFor(maxDispatchesPerSecond: number): number {
  return Math.max(1, Math.min(100, Math.ceil(maxDispatchesPerSecond)));
}

/** Floating-point refill must not leave a bucket a hair short of a whole token forever. */
const TOKEN_EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0)) throw new Error('A token bucket needs a positive rate');
    if (!(capacity >= 1)) throw new Error('A token bucket needs room for at least one token');
    this.tokens = capacity;
    this.refilledAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.refilledAt = now;
  }

  tryTake(): boolean {
    this.refill();
    if (this.tokens + TOKEN_EPSILON < 1) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** How long until `tryTake` can succeed; 0 when it can now. */
  msUntilAvailable(): number {
    this.refill();
    const missing = 1 - this.tokens;
    if (missing <= TOKEN_EPSILON) return 0;
    // Shave float noise so 1.0000001 ms does not become a 2 ms wait.
    return Math.max(1, Math.ceil((missing * 1000) / this.ratePerSecond - 1e-6));
  }

  /** Back to a full bucket, as for a queue that has been idle. */
  fill(): void {
    this.tokens = this.capacity;
    this.refilledAt = this.clock.now();
  }
}

export interface SchedulerLimits {
  maxDispatchesPerSecond: number;
  maxBurstSize: number;
  maxConcurrentDispatches: number;
}

interface Waiting {
  key: string;
  dueAt: number;
  /** Breaks ties between equal due times in arrival order. */
  seq: number;
}

export interface TakeResult {
  /** Keys to dispatch now; each already counts as in flight. */
  due: string[];
  /**
   * When `take` should be called again (ms since the epoch), or undefined when only an outside
   * event can unblock the queue: a new task, a finished dispatch, a resume.
   */
  wakeAt: number | undefined;
}

/**
 * The waiting tasks of one queue ordered by due time, plus the dispatches in flight. `take`
 * hands out every task that is due and allowed by the rate limit and the concurrency limit.
 */
export class QueueScheduler {
  private readonly waiting: Waiting[] = [];
  private readonly positions = new Map<string, Waiting>();
  private readonly bucket: TokenBucket;
  private seq = 0;
  private running = 0;
  private paused = false;

  constructor(
    private readonly limits: SchedulerLimits,
    private readonly clock: Clock,
  ) {
    if (!(limits.maxConcurrentDispatches >= 1)) {
      throw new Error('maxConcurrentDispatches must be at least 1');
    }
    this.bucket = new TokenBucket(limits.maxDispatchesPerSecond, limits.maxBurstSize, clock);
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.running;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  isIdle(): boolean {
    return this.waiting.length === 0 && this.running === 0;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** Adds a task, or moves it when it is already waiting. */
  schedule(key: string, dueAt: number): void {
    this.cancel(key);
    const entry: Waiting = { key, dueAt, seq: this.seq++ };
    let lo = 0;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.waiting[mid] as Waiting;
      if (other.dueAt < dueAt || (other.dueAt === dueAt && other.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, entry);
    this.positions.set(key, entry);
  }

  /** Removes a waiting task; returns whether it was waiting. */
  cancel(key: string): boolean {
    const entry = this.positions.get(key);
    if (!entry) return false;
    this.positions.delete(key);
    this.waiting.splice(this.waiting.indexOf(entry), 1);
    return true;
  }

  /** A dispatch that bypasses the limits (RunTask) still occupies a slot while in flight. */
  begin(): void {
    this.running += 1;
  }

  finish(): void {
    if (this.running > 0) this.running -= 1;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Forgets every waiting task and every dispatch in flight. */
  clear(): void {
    this.waiting.length = 0;
    this.positions.clear();
    this.running = 0;
    this.bucket.fill();
  }

  take(): TakeResult {
    const due: string[] = [];
    if (this.paused) return { due, wakeAt: undefined };
    const now = this.clock.now();
    while (this.waiting.length > 0) {
      const head = this.waiting[0] as Waiting;
      if (head.dueAt > now) return { due, wakeAt: head.dueAt };
      if (this.running >= this.limits.maxConcurrentDispatches) return { due, wakeAt: undefined };
      if (!this.bucket.tryTake()) return { due, wakeAt: now + this.bucket.msUntilAvailable() };
      this.waiting.shift();
      this.positions.delete(head.key);
      this.running += 1;
      due.push(head.key);
    }
    return { due, wakeAt: undefined };
  }
}
