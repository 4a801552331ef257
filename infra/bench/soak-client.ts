/**
 * The soak's HTTP client, behaving as a real client does while a dependency restarts: a request
 * that could not connect, timed out, or was answered 502/503/504 (or 429) is tried again after an
 * exponential backoff with jitter, a bounded number of times. It counts, per endpoint, requests,
 * retries made, and the requests that still failed after their retries.
 */

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  attempts: number;
  /** Backoff ceiling before the first retry; doubles per retry up to `maxMs`. */
  initialMs: number;
  maxMs: number;
  /** How long one attempt may wait for its answer. */
  timeoutMs: number;
}

/**
 * At least 7.9 s of retries, whatever the jitter (up to 15.8 s): longer than a restarted Storage
 * or Tasks emulator stays away (about 5 s). With six attempts the unluckiest jitter waited only
 * 3.9 s, and a soak's PUT gave up during a Storage restart.
 */
export const RETRY_POLICY: RetryPolicy = {
  attempts: 8,
  initialMs: 250,
  maxMs: 4_000,
  timeoutMs: 60_000,
};

/** An answer worth trying again: the server or a hop before it said "not now". */
export function retryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Delay before retry `n` (1-based): exponential with full jitter, so clients spread out. */
export function backoffMs(
  n: number,
  policy: RetryPolicy = RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** (n - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface EndpointCounts {
  requests: number;
  /** Attempts after the first. */
  retries: number;
  /** Requests that failed after their retries. */
  errors: number;
  /** Why those failed: `HTTP 500`, `network: …`. */
  failures: Map<string, number>;
}

export interface Answer {
  status: number;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RetryingClient {
  readonly endpoints = new Map<string, EndpointCounts>();
  private printed = 0;

  constructor(
    private readonly clock: () => string,
    private readonly policy: RetryPolicy = RETRY_POLICY,
  ) {}

  private counts(endpoint: string): EndpointCounts {
    let counts = this.endpoints.get(endpoint);
    if (!counts) {
      counts = { requests: 0, retries: 0, errors: 0, failures: new Map() };
      this.endpoints.set(endpoint, counts);
    }
    return counts;
  }

  totals(): { requests: number; retries: number; errors: number } {
    const all = [...this.endpoints.values()];
    const sum = (f: (c: EndpointCounts) => number) => all.reduce((n, c) => n + f(c), 0);
    return {
      requests: sum((c) => c.requests),
      retries: sum((c) => c.retries),
      errors: sum((c) => c.errors),
    };
  }

  /**
   * Sends the request, retrying as above. `accepted` decides success (default: 2xx); it sees the
   * attempt number, since a retried PUT whose first attempt was stored is refused with 412.
   * Resolves with the accepted answer, or undefined once the request has failed for good.
   */
  async send(
    endpoint: string,
    [url, init]: [string, RequestInit],
    accepted: (status: number, attempt: number) => boolean = (status) => status < 300,
  ): Promise<Answer | undefined> {
    const counts = this.counts(endpoint);
    counts.requests += 1;
    let failure = '';
    const { attempts } = this.policy;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) {
        counts.retries += 1;
        await sleep(backoffMs(attempt - 1, this.policy));
      }
      let answer: Answer;
      try {
        const response = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        });
        answer = { status: response.status, body: await response.text() };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        failure = `network: ${cause ?? (error as Error).name}`;
        continue;
      }
      if (accepted(answer.status, attempt)) return answer;
      failure = `HTTP ${answer.status}`;
      if (!retryableStatus(answer.status)) {
        this.fail(endpoint, counts, failure, answer.body);
        return undefined;
      }
    }
    this.fail(endpoint, counts, `${failure} (after ${attempts} attempts)`, '');
    return undefined;
  }

  /** Records a failure of something other than an HTTP request of ours (e.g. signing in). */
  failed(endpoint: string, error: unknown): void {
    const counts = this.counts(endpoint);
    counts.requests += 1;
    this.fail(endpoint, counts, error instanceof Error ? error.message : String(error), '');
  }

  /** Counts one request of `endpoint` that succeeded outside `send`. */
  succeeded(endpoint: string): void {
    this.counts(endpoint).requests += 1;
  }

  private fail(endpoint: string, counts: EndpointCounts, reason: string, body: string): void {
    counts.errors += 1;
    counts.failures.set(reason, (counts.failures.get(reason) ?? 0) + 1);
    this.printed += 1;
    if (this.printed <= 20)
      console.error(`${this.clock()} ${endpoint} failed: ${reason} ${body.slice(0, 200)}`);
  }
}
