import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createOidcSigner, type OidcSigner } from '../../infra/local/oidc';
import { call, functionsBaseUrl, type ApiResponse } from './api';
import { testServices } from './services';

/**
 * Internal callers, as tests play them: tokens signed with the stack's OIDC key (what Cloud Tasks
 * and Eventarc present in the cloud), and events delivered to a function over HTTP exactly as
 * Eventarc delivers them (a binary-mode CloudEvent POSTed with the trigger invoker's token).
 */
let signer: Promise<OidcSigner> | undefined;

function stackSigner(): Promise<OidcSigner> {
  const key = process.env.PATHWISE_TEST_OIDC_KEY;
  if (!key)
    throw new Error('PATHWISE_TEST_OIDC_KEY is not set: run emulator tests through npm test');
  signer ??= createOidcSigner(key);
  return signer;
}

/** Where the stack serves a function; the audience its callers' tokens name. */
export function functionUrl(name: string): string {
  return `${functionsBaseUrl()}/${name}`;
}

export const accounts = {
  tasksInvoker: () => testServices().config.tasksInvoker,
  triggerInvoker: () => testServices().config.triggerInvoker,
};

/** A token the stack's signer mints: by default the trigger invoker's, for `functionName`. */
export async function stackToken(
  functionName: string,
  claims: { email?: string; audience?: string } = {},
): Promise<string> {
  return (await stackSigner()).sign(
    claims.email ?? accounts.triggerInvoker(),
    claims.audience ?? functionUrl(functionName),
  );
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * What an attacker can make without the stack's private key: the claims of a genuine token for
 * `functionName` and `email`, under the stack's key id, either signed with a key of their own or
 * not signed at all (`alg: none`).
 */
export async function forgedTokens(
  functionName: string,
  email: string,
): Promise<{ selfSigned: string; unsigned: string }> {
  const { keyId } = await stackSigner();
  const iat = Math.floor(Date.now() / 1000);
  const claims = b64({
    iss: 'https://accounts.google.com',
    aud: functionUrl(functionName),
    sub: '100000000000000000001',
    email,
    email_verified: true,
    iat,
    exp: iat + 3600,
  });
  const input = `${b64({ alg: 'RS256', kid: keyId, typ: 'JWT' })}.${claims}`;
  const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signature = createSign('RSA-SHA256').update(input).sign(attackerKey).toString('base64url');
  return {
    selfSigned: `${input}.${signature}`,
    unsigned: `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`,
  };
}

export interface EventToDeliver {
  id: string;
  type: string;
  source: string;
  subject?: string;
  data: unknown;
}

/**
 * POSTs `event` to `functionName` in binary mode. The trigger invoker's token unless `token`
 * says otherwise (`null`: no Authorization header at all).
 */
export async function deliverEvent(
  functionName: string,
  event: EventToDeliver,
  options: { token?: string | null } = {},
): Promise<ApiResponse> {
  const token = options.token === undefined ? await stackToken(functionName) : options.token;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': event.id,
    'ce-type': event.type,
    'ce-source': event.source,
    'ce-time': new Date().toISOString(),
  };
  if (event.subject) headers['ce-subject'] = event.subject;
  return call('POST', functionUrl(functionName), {
    ...(token ? { token } : {}),
    headers,
    rawBody: JSON.stringify(event.data),
  });
}

/**
 * Delivers an event the way Pub/Sub and Eventarc settle it: a retryable refusal (503, such as a
 * certificate claimed by another attempt) is delivered again after a doubling backoff, until the
 * function answers otherwise or `timeoutMs` runs out (then the last answer is returned).
 */
export async function deliverUntilSettled(
  functionName: string,
  event: EventToDeliver,
  timeoutMs = 30_000,
): Promise<ApiResponse> {
  const deadline = Date.now() + timeoutMs;
  let delay = 200;
  for (;;) {
    const answer = await deliverEvent(functionName, event);
    if (answer.status !== 503 || Date.now() + delay > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

/** The `messagePublished` event Eventarc makes of one Pub/Sub message. */
export function pubsubEvent(topic: string, payload: object): EventToDeliver {
  const id = randomUUID();
  const project = testServices().config.projectId;
  return {
    id,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: `//pubsub.googleapis.com/projects/${project}/topics/${topic}`,
    data: {
      message: {
        data: Buffer.from(JSON.stringify(payload)).toString('base64'),
        messageId: id,
        publishTime: new Date().toISOString(),
        attributes: {},
      },
      subscription: `projects/${project}/subscriptions/test-${topic}`,
    },
  };
}

/** The `finalized` event Eventarc makes of a Cloud Storage object resource. */
export function finalizedEvent(
  object: { bucket: string; name: string } & Record<string, unknown>,
): EventToDeliver {
  return {
    id: randomUUID(),
    type: 'google.cloud.storage.object.v1.finalized',
    source: `//storage.googleapis.com/projects/_/buckets/${object.bucket}`,
    subject: `objects/${object.name}`,
    data: object,
  };
}

/** The `created` event Eventarc makes of a new Firestore document (its data is not read). */
export function documentCreatedEvent(documentPath: string): EventToDeliver {
  const project = testServices().config.projectId;
  return {
    id: randomUUID(),
    type: 'google.cloud.firestore.document.v1.created',
    source: `//firestore.googleapis.com/projects/${project}/databases/(default)`,
    subject: `documents/${documentPath}`,
    data: {},
  };
}
