import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type {
  ApiAnswer,
  CallableAnswer,
  DownloadAnswer,
  PathwisePage,
  SignedRequest,
  TransferAnswer,
} from '../browser/protocol';

/** Debian's Chromium; `npx playwright install` cannot work offline, and CI installs this one. */
export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium for a test file. Playwright gives it a fresh temporary user-data directory
 * and removes it on close; each signed-in person gets a context of their own (separate cookies
 * and IndexedDB, so separate Firebase Auth sessions), as two people on two machines would.
 * `ports` are the ones the page talks to: Chromium refuses some (10080, 6000, …) as unsafe, and
 * a port offset or a free port picked by the OS can land on one.
 */
export function launchChromium(ports: number[]): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--explicitly-allowed-ports=${[...new Set(ports)].join(',')}`],
  });
}

/**
 * One person's tab on the test page, called from Node. When something fails in the page, the
 * browser's console lines from that moment are attached to the error: a script only sees
 * "status 0" for a blocked cross-origin request, but the console carries Chromium's exact
 * reason (for example the CORS rule that refused a preflight).
 */
export class BrowserSession {
  private readonly console: string[] = [];
  private who: { uid: string; role: string | null } = { uid: '', role: null };

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        this.console.push(`[${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => this.console.push(`[pageerror] ${error.message}`));
  }

  /** A new context on the test page, signed in through the Firebase JS SDK. */
  static async open(
    browser: Browser,
    origin: string,
    credentials: { email: string; password: string },
  ): Promise<BrowserSession> {
    const context = await browser.newContext();
    const session = new BrowserSession(context, await context.newPage());
    await session.page.goto(origin);
    session.who = await session.invoke('signIn', credentials.email, credentials.password);
    return session;
  }

  get uid(): string {
    return this.who.uid;
  }

  /** The role claim of the signed-in user's ID token, as the page saw it. */
  get role(): string | null {
    return this.who.role;
  }

  /** Calls `globalThis.pathwise[method](...args)` in the page. */
  private invoke<K extends keyof PathwisePage>(
    method: K,
    ...args: Parameters<PathwisePage[K]>
  ): Promise<Awaited<ReturnType<PathwisePage[K]>>> {
    return withConsole(
      this.console,
      () =>
        this.page.evaluate(
          // Runs in the page, so it can name nothing from this module.
          (call) =>
            (globalThis as unknown as { pathwise: Record<string, (...a: unknown[]) => unknown> })
              .pathwise[call.method]!(...call.args),
          { method: method as string, args: args as unknown[] },
        ) as Promise<Awaited<ReturnType<PathwisePage[K]>>>,
    );
  }

  api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    return this.invoke('api', method, path, body);
  }

  watch(name: string, documentPath: string): Promise<void> {
    return this.invoke('watch', name, documentPath);
  }

  until(name: string, field: string[], expected: unknown, timeoutMs = 15_000): Promise<any> {
    return this.invoke('until', name, field, expected, timeoutMs);
  }

  refusal(name: string, timeoutMs = 15_000): Promise<string> {
    return this.invoke('refusal', name, timeoutMs);
  }

  call(name: string, data: unknown): Promise<CallableAnswer> {
    return this.invoke('call', name, data);
  }

  /** `upload` as the API returned it (only method, url and headers are used), or a session PUT. */
  send(request: SignedRequest, body?: Buffer): Promise<TransferAnswer> {
    const { method, url, headers } = request;
    return this.invoke('send', { method, url, headers }, body?.toString('base64'));
  }

  download(url: string): Promise<DownloadAnswer> {
    return this.invoke('download', url);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

async function withConsole<T>(lines: string[], work: () => Promise<T>): Promise<T> {
  const from = lines.length;
  try {
    return await work();
  } catch (error) {
    // Chromium logs a blocked request's reason as the request fails; let it arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = lines.slice(from);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      seen.length > 0
        ? `${reason}\nBrowser console meanwhile:\n${seen.join('\n')}`
        : `${reason}\n(nothing on the browser console)`,
      { cause: error },
    );
  }
}
