/**
 * The web client of the browser tests: the stock Firebase JS SDK (Auth, Firestore, Functions)
 * connected to the emulators of the run, `fetch` to the API and `XMLHttpRequest` to signed URLs,
 * exactly as a learning platform's front end would use Pathwise. Bundled by esbuild at test time
 * and driven from Node through `globalThis.pathwise`.
 */
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword, type User } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  doc,
  getFirestore,
  onSnapshot,
  type FirestoreError,
} from 'firebase/firestore';
import {
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
  type FunctionsError,
} from 'firebase/functions';
import type {
  CallableAnswer,
  PageConfig,
  PathwisePage,
  ProgressSample,
  SignedRequest,
  TransferAnswer,
} from '../protocol';

declare global {
  var PATHWISE_CONFIG: PageConfig;
  var pathwise: PathwisePage;
}

const config = globalThis.PATHWISE_CONFIG;
const app = initializeApp({
  projectId: config.projectId,
  apiKey: 'browser-test-api-key',
  appId: 'pathwise-browser-test',
});
const auth = getAuth(app);
connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
const firestore = getFirestore(app);
connectFirestoreEmulator(firestore, config.firestoreEmulator.host, config.firestoreEmulator.port);
const functions = getFunctions(app, config.region);
const apiOrigin = new URL(config.apiOrigin);
connectFunctionsEmulator(functions, apiOrigin.hostname, Number(apiOrigin.port));

interface Listener {
  latest: Record<string, unknown> | undefined;
  error: FirestoreError | undefined;
  /** Re-checked after every snapshot or error. */
  waiters: Set<() => void>;
}
const listeners = new Map<string, Listener>();

function currentUser(): User {
  if (!auth.currentUser) throw new Error('Sign in first');
  return auth.currentUser;
}

/** Firestore values as plain JSON (timestamps as ISO strings), for comparison and transport. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('toDate' in value && typeof value.toDate === 'function')
    return (value.toDate() as Date).toISOString();
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

function at(data: unknown, field: string[]): unknown {
  return field.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[key]
        : undefined,
    data,
  );
}

function listener(name: string): Listener {
  const found = listeners.get(name);
  if (!found) throw new Error(`No listener named ${name}`);
  return found;
}

/** Waits until `check` answers a value (or throws), re-checking on every listener event. */
function waitOn<T>(
  name: string,
  timeoutMs: number,
  check: (l: Listener) => T | undefined,
  describe: (l: Listener) => string,
): Promise<T> {
  const l = listener(name);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      l.waiters.delete(attempt);
      reject(new Error(`Listener ${name}: ${describe(l)} after ${timeoutMs} ms`));
    }, timeoutMs);
    function attempt(): void {
      try {
        const value = check(l);
        if (value === undefined) return;
        resolve(value);
      } catch (error) {
        reject(error);
      }
      clearTimeout(timer);
      l.waiters.delete(attempt);
    }
    l.waiters.add(attempt);
    attempt();
  });
}

function responseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A failed cross-origin request tells a script nothing (status 0, by design); the browser's own
 * reason, e.g. the CORS rule that refused a preflight, goes to the console, which the Node
 * driver attaches to this error.
 */
function networkError(method: string, url: string): Error {
  // A signed query is a long bearer credential; Chromium's console line shows it if needed.
  const { origin, pathname, search } = new URL(url, location.href);
  const where = `${origin}${pathname}${search ? '?…' : ''}`;
  return new Error(
    `${method} ${where} failed at the network level (status 0): blocked or unreachable`,
  );
}

globalThis.pathwise = {
  async signIn(email, password) {
    const credential = await signInWithEmailAndPassword(auth, email, password);
    const token = await credential.user.getIdTokenResult();
    const role = typeof token.claims.role === 'string' ? token.claims.role : null;
    return { uid: credential.user.uid, role };
  },

  async api(method, path, body) {
    const token = await currentUser().getIdToken();
    let response: Response;
    try {
      response = await fetch(`${config.apiOrigin}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw networkError(`fetch ${method}`, `${config.apiOrigin}${path}`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON answer is returned as text for the test to show.
    }
    return { status: response.status, body: parsed };
  },

  watch(name, documentPath) {
    const state: Listener = { latest: undefined, error: undefined, waiters: new Set() };
    listeners.set(name, state);
    onSnapshot(
      doc(firestore, documentPath),
      (snapshot) => {
        state.latest = snapshot.exists()
          ? (plain(snapshot.data()) as Record<string, unknown>)
          : undefined;
        for (const wake of [...state.waiters]) wake();
      },
      (error) => {
        state.error = error;
        for (const wake of [...state.waiters]) wake();
      },
    );
  },

  until(name, field, expected, timeoutMs) {
    const wanted = JSON.stringify(expected);
    return waitOn(
      name,
      timeoutMs,
      (l) => {
        if (l.error) throw new Error(`Listener ${name} failed: ${l.error.code} ${l.error.message}`);
        return JSON.stringify(at(l.latest, field)) === wanted ? l.latest : undefined;
      },
      (l) => `${field.join('.')} is ${JSON.stringify(at(l.latest, field))}, not ${wanted}`,
    );
  },

  refusal(name, timeoutMs) {
    return waitOn(
      name,
      timeoutMs,
      (l) => {
        if (l.latest) throw new Error(`Listener ${name} was allowed to read the document`);
        return l.error?.code;
      },
      () => 'no error yet',
    );
  },

  async call(name, data): Promise<CallableAnswer> {
    try {
      const result = await httpsCallable(functions, name)(data);
      return { ok: true, data: result.data };
    } catch (error) {
      const failure = error as FunctionsError;
      return { ok: false, code: failure.code, message: failure.message };
    }
  },

  send(request: SignedRequest, bodyBase64?: string): Promise<TransferAnswer> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const progress: ProgressSample[] = [];
      let uploadCompleted = false;
      xhr.open(request.method, request.url);
      for (const [name, value] of Object.entries(request.headers))
        xhr.setRequestHeader(name, value);
      // Listening on `upload` is what a progress bar does; it also forces a CORS preflight.
      xhr.upload.onprogress = (event) =>
        progress.push({
          loaded: event.loaded,
          total: event.total,
          lengthComputable: event.lengthComputable,
        });
      xhr.upload.onload = () => {
        uploadCompleted = true;
      };
      xhr.onload = () =>
        resolve({
          status: xhr.status,
          headers: responseHeaders(xhr.getAllResponseHeaders()),
          text: xhr.responseText,
          progress,
          uploadCompleted,
        });
      xhr.onerror = () => reject(networkError(`XMLHttpRequest ${request.method}`, request.url));
      xhr.send(bodyBase64 === undefined ? null : decodeBase64(bodyBase64));
    });
  },

  async download(url) {
    let response: Response;
    try {
      response = await fetch(url);
    } catch {
      throw networkError('fetch GET', url);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers, base64: encodeBase64(bytes) };
  },
};
