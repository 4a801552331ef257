import type { TokenMinter } from './storage-emulator';

/**
 * One event delivery as Eventarc makes it: a POST to the function's URL, with a token of the
 * trigger's service account for that URL, within the function's timeout. The reason it failed,
 * or undefined for a 2xx answer. `inFlight` lets the caller abort deliveries still running when
 * it stops.
 */
export async function postEvent(
  target: { url: string; timeoutMs: number },
  request: { headers: Record<string, string>; body: string },
  caller: { serviceAccountEmail: string; tokens: TokenMinter; inFlight: Set<AbortController> },
): Promise<string | undefined> {
  const { inFlight } = caller;
  const token = caller.tokens(caller.serviceAccountEmail, target.url);
  const headers = { ...request.headers, authorization: `Bearer ${token}` };
  const { body } = request;
  const controller = new AbortController();
  inFlight.add(controller);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(target.timeoutMs)]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    inFlight.delete(controller);
  }
}
