/**
 * What the test page exposes as `globalThis.pathwise`, shared by the page (compiled for the
 * browser) and the Node driver that calls it through Playwright. Types only, so it compiles in
 * both worlds.
 */

/** Where the page finds the emulators and the API of the run; injected into its HTML. */
export interface PageConfig {
  projectId: string;
  region: string;
  /** Origin serving `/api/v1/…` and the callables (`/{project}/{region}/{name}`). */
  apiOrigin: string;
  authEmulatorUrl: string;
  firestoreEmulator: { host: string; port: number };
}

export interface ApiAnswer {
  status: number;
  body: any;
}

/** A request a signed URL asks for: `upload` as the API returns it, or a session PUT. */
export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface ProgressSample {
  loaded: number;
  total: number;
  lengthComputable: boolean;
}

export interface TransferAnswer {
  status: number;
  /** The response headers a script on the page may read (CORS-exposed ones only). */
  headers: Record<string, string>;
  text: string;
  /** `xhr.upload.onprogress` events, in order. */
  progress: ProgressSample[];
  /** Whether `xhr.upload.onload` fired: the browser sent the whole body. */
  uploadCompleted: boolean;
}

export interface DownloadAnswer {
  status: number;
  headers: Record<string, string>;
  base64: string;
}

export type CallableAnswer = { ok: true; data: any } | { ok: false; code: string; message: string };

export interface PathwisePage {
  /** Email/password sign-in against the Auth emulator; the role comes from the ID token. */
  signIn(email: string, password: string): Promise<{ uid: string; role: string | null }>;
  /** `fetch` to the API with the signed-in user's ID token. */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Starts a realtime `onSnapshot` listener on one document under a name. */
  watch(name: string, documentPath: string): void;
  /**
   * Resolves with the document (as JSON) once a snapshot of listener `name` holds `expected` at
   * `field`; rejects if the listener fails or `timeoutMs` passes first.
   */
  until(name: string, field: string[], expected: unknown, timeoutMs: number): Promise<any>;
  /** Resolves with the Firestore error code once listener `name` is refused. */
  refusal(name: string, timeoutMs: number): Promise<string>;
  /** An `httpsCallable` call through the functions emulator connection. */
  call(name: string, data: unknown): Promise<CallableAnswer>;
  /** One `XMLHttpRequest` with exactly these headers and an optional body, tracking progress. */
  send(request: SignedRequest, bodyBase64?: string): Promise<TransferAnswer>;
  /** A plain GET of a (signed) URL; the bytes come back base64-encoded. */
  download(url: string): Promise<DownloadAnswer>;
}
