import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from '../../../../infra/local/tcp-gate';
import {
  backoffMs,
  RETRY_POLICY,
  RetryingClient,
  retryableStatus,
} from '../../../../infra/bench/soak-client';

const FAST = { attempts: 4, initialMs: 1, maxMs: 4, timeoutMs: 2_000 };

/** A server that answers the n-th request (1-based) as `answer` says. */
async function serve(
  answer: (n: number, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; seen: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    n += 1;
    req.resume();
    answer(n, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/x`, server, seen: () => n };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));
const status = (code: number) => (_n: number, _req: IncomingMessage, res: ServerResponse) => {
  res.statusCode = code;
  res.end(`status ${code}`);
};

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

describe('the retry policy', () => {
  it('retries what says "not now" (429, 502, 503, 504) and nothing else', () => {
    expect([429, 502, 503, 504].every(retryableStatus)).toBe(true);
    expect([200, 400, 401, 404, 409, 412, 500].some(retryableStatus)).toBe(false);
  });

  it('backs off exponentially up to a ceiling, jittered within its upper half', () => {
    const low = (n: number) => backoffMs(n, RETRY_POLICY, () => 0);
    const high = (n: number) => backoffMs(n, RETRY_POLICY, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(high)).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3].map(low)).toEqual([125, 250, 500]);
  });

  it('waits longer in all than a restarted emulator stays away, however unlucky the jitter', () => {
    const retries = Array.from({ length: RETRY_POLICY.attempts - 1 }, (_, i) => i + 1);
    const shortest = retries.reduce((sum, n) => sum + backoffMs(n, RETRY_POLICY, () => 0), 0);
    expect(shortest).toBeGreaterThan(7_500);
  });
});

describe('RetryingClient', () => {
  it('tries a 503 again until it passes: one request, its retries, no error', async () => {
    const { url, server, seen } = await serve((n, req, res) =>
      status(n <= 2 ? 503 : 200)(n, req, res),
    );
    const client = new RetryingClient(() => 't', FAST);
    try {
      expect(await client.send('thing', [url, { method: 'POST' }])).toEqual({
        status: 200,
        body: 'status 200',
      });
      expect(seen()).toBe(3);
      expect(client.totals()).toEqual({ requests: 1, retries: 2, errors: 0 });
    } finally {
      await close(server);
    }
  });

  it('does not retry a 500 or a 4xx: the request fails at once, its status counted', async () => {
    const { url, server, seen } = await serve(status(500));
    const client = new RetryingClient(() => 't', FAST);
    try {
      expect(await client.send('thing', [url, {}])).toBeUndefined();
      expect(seen()).toBe(1);
      expect(client.totals()).toEqual({ requests: 1, retries: 0, errors: 1 });
      expect(client.endpoints.get('thing')?.failures).toEqual(new Map([['HTTP 500', 1]]));
    } finally {
      await close(server);
    }
  });

  it('gives up on a server that is not there after the bounded attempts', async () => {
    const url = `http://127.0.0.1:${await freePort()}/x`;
    const client = new RetryingClient(() => 't', FAST);
    expect(await client.send('gone', [url, {}])).toBeUndefined();
    expect(client.totals()).toEqual({ requests: 1, retries: 3, errors: 1 });
    expect(client.endpoints.get('gone')?.failures).toEqual(
      new Map([['network: ECONNREFUSED (after 4 attempts)', 1]]),
    );
  });

  it("lets the caller accept a retry's answer, e.g. a PUT's 412 after a dropped first attempt", async () => {
    const { url, server } = await serve((n, req, res) => {
      if (n === 1) req.socket.destroy();
      else status(412)(n, req, res);
    });
    const client = new RetryingClient(() => 't', FAST);
    const storedOrAlreadyThere = (s: number, attempt: number) =>
      s === 200 || (s === 412 && attempt > 1);
    try {
      expect(await client.send('put', [url, { method: 'PUT' }], storedOrAlreadyThere)).toEqual({
        status: 412,
        body: 'status 412',
      });
      expect(client.totals()).toEqual({ requests: 1, retries: 1, errors: 0 });
      // On a first attempt the same 412 is a refusal.
      expect(await client.send('put', [url, { method: 'PUT' }], storedOrAlreadyThere)).toBe(
        undefined,
      );
      expect(client.totals()).toEqual({ requests: 2, retries: 1, errors: 1 });
    } finally {
      await close(server);
    }
  });
});
