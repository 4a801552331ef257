/**
 * One attempt of a task: the HTTP request Cloud Tasks would send, with its deadline. The outcome
 * says whether a response arrived (and which) or not, because Cloud Tasks counts those apart:
 * only answered attempts raise `responseCount`.
 */
import http from 'node:http';
import https from 'node:https';

export interface AttemptRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'aborted' };

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Dispatcher {
  // Own agents so that stopping the emulator can drop its keep-alive sockets to the targets.
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  send(request: AttemptRequest, signal: AbortSignal): Promise<AttemptOutcome> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body) headers['Content-Length'] = String(request.body.length);
    let req: http.ClientRequest;
    try {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      req = (secure ? https : http).request(url, {
        method: request.method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
    } catch (err) {
      // Node refuses some requests up front (a header it will not send); that is no answer either.
      return Promise.resolve({ kind: 'unreachable', message: (err as Error).message });
    }

    return new Promise((resolve) => {
      const settle = (outcome: AttemptOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        settle({ kind: 'timeout' });
        req.destroy();
      }, request.timeoutMs);
      const onAbort = () => {
        settle({ kind: 'aborted' });
        req.destroy();
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });

      req.on('response', (res) => {
        const retryAfter = res.headers['retry-after'];
        const retryAfterMs = parseRetryAfter(
          Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          Date.now(),
        );
        const outcome: AttemptOutcome = { kind: 'response', status: res.statusCode ?? 0 };
        if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
        // The attempt ends when the whole answer has arrived, as it does for Cloud Tasks.
        res.on('end', () => settle(outcome));
        res.on('error', (err) => settle({ kind: 'unreachable', message: err.message }));
        res.resume();
      });
      req.on('error', (err) => settle({ kind: 'unreachable', message: err.message }));
      req.end(request.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
