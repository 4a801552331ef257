import type { LrsConfig } from './lrs-config';
import type { Statement } from './schemas';

/** The xAPI version every request to the LRS declares. */
export const XAPI_VERSION = '1.0.3';

export interface LrsRequest {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  body: string;
}

/**
 * The PUT that stores `statement` under its own id (xAPI 1.0.3 §2.1.1 of the communication
 * part): a PUT by `statementId` is idempotent, so a repeated push stores nothing new. `stored`
 * is the LRS's to set, so it is left out.
 */
export function statementPutRequest(lrs: LrsConfig, statement: Statement): LrsRequest {
  const { stored: _stored, ...sent } = statement;
  const url = new URL(`${lrs.endpoint}/statements`);
  url.searchParams.set('statementId', statement.id);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Experience-API-Version': XAPI_VERSION,
  };
  if (lrs.credentials) {
    const { username, password } = lrs.credentials;
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return { url: url.toString(), method: 'PUT', headers, body: JSON.stringify(sent) };
}

/**
 * What an LRS's answer means for the push: `stored` (204 or another 2xx; or 409, the id is taken, which for a
 * statement derived deterministically from one event means an earlier push stored it), `retry`
 * (the LRS is unavailable or overloaded: 5xx, 408, 429, or no answer) or `rejected` (any other
 * answer: repeating the same request cannot succeed).
 */
export type LrsOutcome = 'stored' | 'retry' | 'rejected';

export function classifyLrsAnswer(
  answer: { status: number } | { networkError: string },
): LrsOutcome {
  if ('networkError' in answer) return 'retry';
  const { status } = answer;
  if ((status >= 200 && status < 300) || status === 409) return 'stored';
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'rejected';
}
